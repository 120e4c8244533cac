// Mouse navigation: left drag orbits about the focal point, right/middle drag or shift + left drag pans
// across the ground, the wheel zooms towards the point under the cursor. VTK's own key bindings (which quit
// the application on 'q' and 'e') are switched off: the host binds keys.

#include "navigation.h"

#include <vtkInteractorStyle.h>
#include <vtkObjectFactory.h>
#include <vtkRenderWindowInteractor.h>

#include "citytwin/render/scene.h"

namespace citytwin::render {

namespace {

class NavigationStyle : public vtkInteractorStyle {
public:
    static NavigationStyle* New();
    vtkTypeMacro(NavigationStyle, vtkInteractorStyle)

        Scene* scene = nullptr;

    void OnLeftButtonDown() override { begin(GetInteractor()->GetShiftKey() ? Mode::Pan : Mode::Orbit); }
    void OnLeftButtonUp() override { end(); }
    void OnMiddleButtonDown() override { begin(Mode::Pan); }
    void OnMiddleButtonUp() override { end(); }
    void OnRightButtonDown() override { begin(Mode::Pan); }
    void OnRightButtonUp() override { end(); }
    void OnMouseMove() override {
        if (mode_ == Mode::None || !scene) return;
        const int* p = GetInteractor()->GetEventPosition();
        const double dx = p[0] - last_[0], dy = p[1] - last_[1];
        last_[0] = p[0];
        last_[1] = p[1];
        if (dx == 0 && dy == 0) return;
        if (mode_ == Mode::Orbit)
            scene->orbit(-0.35 * dx, -0.25 * dy);
        else
            scene->pan(dx, dy);
        GetInteractor()->Render();
    }
    void OnMouseWheelForward() override { wheel(1.25); }
    void OnMouseWheelBackward() override { wheel(1.0 / 1.25); }
    void OnChar() override {}
    void OnKeyPress() override {}
    void OnKeyRelease() override {}

private:
    enum class Mode { None, Orbit, Pan };
    void begin(Mode m) {
        mode_ = m;
        const int* p = GetInteractor()->GetEventPosition();
        last_[0] = p[0];
        last_[1] = p[1];
    }
    void end() { mode_ = Mode::None; }
    void wheel(double factor) {
        if (!scene) return;
        const int* p = GetInteractor()->GetEventPosition();
        scene->zoom(factor, p[0], p[1]);
        GetInteractor()->Render();
    }
    Mode mode_ = Mode::None;
    int last_[2] = {0, 0};
};

vtkStandardNewMacro(NavigationStyle);

}  // namespace

vtkInteractorObserver* newNavigationStyle(Scene* scene) {
    NavigationStyle* s = NavigationStyle::New();
    s->scene = scene;
    return s;
}

}  // namespace citytwin::render
