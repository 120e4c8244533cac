#pragma once
// Decorations drawn over the scene: title, time stamp, legends (colour bars with round ticks, class
// swatches), scale bar, north arrow, an overview inset, the data attribution, feature labels and a video
// title card. The layout measures every text and adapts to the image's size and aspect ratio: nothing is
// dropped, cut at an edge or drawn over another decoration. Internal to citytwin_render.

#include <vtkSmartPointer.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/render/scene.h"

class vtkActor2D;
class vtkImageData;
class vtkPolyData;
class vtkRenderer;
class vtkTextActor;
class vtkTextProperty;

namespace citytwin::render {

/// A label to place: its anchor on screen (display pixels, origin bottom-left) and text. Candidates come in
/// order of priority; the ones that would overlap a decoration or an earlier label are left out.
struct LabelCandidate {
    double x = 0.0;
    double y = 0.0;
    std::string text;
    double lift =
        0.0;  ///< pixels (at scale 1) between the anchor and the label's bottom (points: above the marker)
};

/// An RGB image of the whole scene from above for the inset, with the extent it covers.
struct InsetImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;  ///< rows from the north, 3 bytes a pixel
    core::Box extent;                ///< in the project CRS
};

class Decorations {
public:
    Decorations();
    ~Decorations();
    /// Adds the 2D actors to a renderer (once).
    void attach(vtkRenderer* renderer);

    std::string title;
    std::string attribution;
    std::string timeText;  ///< "t = 0:30", or empty
    bool showLegends = true;
    bool showScaleBar = true;
    bool showNorthArrow = true;
    bool showInset = false;
    double scale = 1.0;  ///< text, line and symbol size factor
    /// A video's title card: drawn over the whole view when `cardTitle` is not empty.
    std::string cardTitle;
    std::string cardSubtitle;
    InsetImage inset;

    /// Everything that changes with the view.
    struct Frame {
        std::vector<LegendEntry> legends;
        double metresPerPixel = 0.0;
        double northAngle = 0.0;  ///< screen direction of north [radians, counter-clockwise from up]
        /// The part of the ground in view (project CRS), for the inset; empty when unknown.
        std::vector<core::Point> footprint;
        std::vector<LabelCandidate> labels;
    };
    /// Lays everything out for the renderer's current size.
    void update(vtkRenderer* renderer, const Frame& frame);
    /// Where things were drawn by the last update().
    const std::vector<OverlayBox>& boxes() const { return boxes_; }

private:
    struct Painter;
    struct LegendBox;
    vtkTextActor* text(const std::string& s, double size, bool bold, const Rgb& colour, double x, double y,
                       int hJustify, int vJustify);
    vtkTextProperty* probe(double size, bool bold);
    LegendBox measureLegend(const LegendEntry& e, double fs, double maxWidth, double barHeight);
    void drawLegend(const LegendEntry& e, const LegendBox& box, double x0, double yTop, Painter& paint);
    void placeLabels(const std::vector<LabelCandidate>& labels, double w, double h);
    void drawInset(const Frame& frame, double x0, double y0, double w, double h, Painter& front);

    vtkSmartPointer<vtkActor2D> back_;  // panels, bars, swatches, scale bar, north arrow
    vtkSmartPointer<vtkPolyData> backData_;
    vtkSmartPointer<vtkActor2D> insetActor_;
    vtkSmartPointer<vtkImageData> insetPixels_;
    vtkSmartPointer<vtkActor2D> front_;  // over the inset: its frame and the view's outline
    vtkSmartPointer<vtkPolyData> frontData_;
    std::vector<vtkSmartPointer<vtkTextActor>> texts_;
    std::size_t usedTexts_ = 0;
    vtkSmartPointer<vtkTextProperty> probe_;
    std::map<std::string, std::array<double, 2>> labelSizes_;  // measured label texts
    double labelSizeScale_ = 0.0;
    int dpi_ = 72;
    std::vector<OverlayBox> boxes_;
    vtkRenderer* renderer_ = nullptr;
};

/// A round length near `target` (1, 2 or 5 times a power of ten).
double niceLength(double target);
/// "250 m", "1.5 km" (with the map's number locale).
std::string lengthLabel(double metres);

/// True when two boxes overlap (touching edges do not).
bool overlaps(const OverlayBox& a, const OverlayBox& b);

}  // namespace citytwin::render
