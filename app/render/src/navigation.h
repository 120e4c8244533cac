#pragma once
// The viewer's mouse navigation as a VTK interactor style. Internal to citytwin_render.

class vtkInteractorObserver;

namespace citytwin::render {
class Scene;
/// A new style driving `scene`'s camera; the caller owns it (Delete()).
vtkInteractorObserver* newNavigationStyle(Scene* scene);
}  // namespace citytwin::render
