#pragma once
// A VTK 2D context device that draws through a QPainter: VTK's chart classes (vtkChartXY, vtkAxis,
// vtkChartLegend, vtkPlotLine) lay a chart out and this device paints it, so a chart is vector graphics in a
// PDF (QPdfWriter), an image (QImage) or a widget alike, with text in any font Qt has (Hangul included) and
// no OpenGL context.
//
// Coordinates: VTK's context space has its origin at the bottom left, y up, in "chart units"; the device maps
// chart unit (x, y) to painter position target.left() + x * scale, target.bottom() - y * scale. Font sizes
// and line widths of VTK's pens and text properties are in chart units too.

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QTransform>
#include <vector>

#include <vtkContextDevice2D.h>

namespace citytwin::charts::detail {

class QtContextDevice : public vtkContextDevice2D {
public:
    static QtContextDevice* New();
    vtkTypeMacro(QtContextDevice, vtkContextDevice2D)

        /// Where to draw: the painter (not owned; it must outlive the drawing), the target rectangle in the
        /// painter's coordinates, the painter units per chart unit and the font family for all text.
        void setTarget(QPainter* painter, const QRectF& target, double scale, const QString& fontFamily);
    /// While set, nothing is drawn; text is still measured (a layout pass).
    void setDryRun(bool dry) { dryRun_ = dry; }

    void DrawPoly(float* points, int n, unsigned char* colors = nullptr, int nc = 0) override;
    void DrawLines(float* f, int n, unsigned char* colors = nullptr, int nc = 0) override;
    void DrawPoints(float* points, int n, unsigned char* colors = nullptr, int nc = 0) override;
    void DrawPointSprites(vtkImageData* sprite, float* points, int n, unsigned char* colors = nullptr,
                          int nc = 0) override;
    void DrawMarkers(int shape, bool highlight, float* points, int n, unsigned char* colors = nullptr,
                     int nc = 0) override;
    void DrawQuad(float* points, int n) override;
    void DrawQuadStrip(float* points, int n) override;
    void DrawPolygon(float* points, int n) override;
    void DrawColoredPolygon(float* points, int n, unsigned char* colors = nullptr, int nc = 0) override;
    void DrawEllipseWedge(float x, float y, float outRx, float outRy, float inRx, float inRy,
                          float startAngle, float stopAngle) override;
    void DrawEllipticArc(float x, float y, float rX, float rY, float startAngle, float stopAngle) override;
    void DrawString(float* point, const vtkStdString& string) override;
    void ComputeStringBounds(const vtkStdString& string, float bounds[4]) override;
    void DrawString(float* point, const vtkUnicodeString& string) override;
    void ComputeStringBounds(const vtkUnicodeString& string, float bounds[4]) override;
    void ComputeJustifiedStringBounds(const char* string, float bounds[4]) override;
    void DrawMathTextString(float* point, const vtkStdString& string) override;
    void DrawImage(float p[2], float scale, vtkImageData* image) override;
    void DrawImage(const vtkRectf& pos, vtkImageData* image) override;
    void SetColor4(unsigned char color[4]) override;
    void SetTexture(vtkImageData* image, int properties) override;
    void SetPointSize(float size) override;
    void SetLineWidth(float width) override;
    void SetLineType(int type) override;
    void SetMatrix(vtkMatrix3x3* m) override;
    void GetMatrix(vtkMatrix3x3* m) override;
    void MultiplyMatrix(vtkMatrix3x3* m) override;
    void PushMatrix() override;
    void PopMatrix() override;
    void SetClipping(int* x) override;
    void EnableClipping(bool enable) override;

protected:
    QtContextDevice();
    ~QtContextDevice() override = default;

private:
    QtContextDevice(const QtContextDevice&) = delete;
    void operator=(const QtContextDevice&) = delete;

    /// A point of context space (after the current matrix) in painter coordinates.
    QPointF toPainter(float x, float y) const;
    QPolygonF polygon(const float* points, int n) const;
    QPen pen() const;
    QBrush brush() const;
    QFont font() const;
    /// Width and height of a string as drawn (unrotated), in chart units.
    QSizeF textSize(const QString& text) const;
    void applyClip();

    QPainter* painter_ = nullptr;
    QRectF target_;
    double scale_ = 1.0;
    QString fontFamily_;
    QTransform matrix_;  // context space -> chart units (VTK's model matrix)
    std::vector<QTransform> stack_;
    bool clipping_ = false;
    bool dryRun_ = false;
    QRectF clip_;  // chart units, y up
};

}  // namespace citytwin::charts::detail
