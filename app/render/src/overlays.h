#pragma once
// Decorations drawn over the scene: legends (colour bars with units), a scale bar, a north arrow, a title,
// the time of the frame shown and the data attribution. Internal to citytwin_render.

#include <vtkSmartPointer.h>

#include <string>
#include <vector>

#include "citytwin/render/scene.h"

class vtkActor2D;
class vtkPolyData;
class vtkRenderer;
class vtkLegendBoxActor;
class vtkScalarBarActor;
class vtkTextActor;

namespace citytwin::render {

class Decorations {
public:
    Decorations();
    ~Decorations();
    /// Adds the 2D actors to a renderer.
    void attach(vtkRenderer* renderer);

    std::string title;
    std::string attribution;
    std::string timeText;  ///< "t = 0:30:00", or empty
    bool showLegends = true;
    bool showScaleBar = true;
    bool showNorthArrow = true;
    double scale = 1.0;  ///< text and line size factor

    /// Lays everything out for the renderer's current size. `northAngle`: screen direction of north [radians,
    /// counter-clockwise from screen up].
    void update(vtkRenderer* renderer, const std::vector<LegendEntry>& legends, double metresPerPixel,
                double northAngle);

private:
    vtkSmartPointer<vtkTextActor> titleActor_;
    vtkSmartPointer<vtkTextActor> timeActor_;
    vtkSmartPointer<vtkTextActor> attributionActor_;
    std::vector<vtkSmartPointer<vtkScalarBarActor>> bars_;
    std::vector<vtkSmartPointer<vtkLegendBoxActor>> boxes_;  // categorical legends
    std::vector<vtkSmartPointer<vtkTextActor>> boxTitles_;
    vtkSmartPointer<vtkActor2D> scaleBar_;
    vtkSmartPointer<vtkPolyData> scaleBarData_;
    std::vector<vtkSmartPointer<vtkTextActor>> scaleLabels_;
    vtkSmartPointer<vtkPolyData> emptySymbol_;
    vtkSmartPointer<vtkActor2D> north_;
    vtkSmartPointer<vtkPolyData> northData_;
    vtkSmartPointer<vtkTextActor> northLabel_;
    vtkRenderer* renderer_ = nullptr;
};

/// A round length near `target` (1, 2 or 5 times a power of ten).
double niceLength(double target);
/// "250 m", "1.5 km".
std::string lengthLabel(double metres);

}  // namespace citytwin::render
