#include "qt_context_device.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include <vtkBrush.h>
#include <vtkImageData.h>
#include <vtkMatrix3x3.h>
#include <vtkObjectFactory.h>
#include <vtkPen.h>
#include <vtkPointData.h>
#include <vtkRenderingCoreEnums.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkUnicodeString.h>
#include <vtkUnsignedCharArray.h>

namespace citytwin::charts::detail {

vtkStandardNewMacro(QtContextDevice);

namespace {

QColor colorAt(const unsigned char* colors, int nc, int i) {
    const unsigned char* c = colors + static_cast<std::ptrdiff_t>(i) * nc;
    return QColor(c[0], c[1], c[2], nc >= 4 ? c[3] : 255);
}

QTransform toQt(const vtkMatrix3x3* m) {
    const double* e = m->GetData();  // row-major: [a b tx; c d ty; 0 0 1]
    return QTransform(e[0], e[3], e[1], e[4], e[2], e[5]);
}

/// The offset of the bottom-left corner of a text box of size (w, h) from its anchor, by the text
/// property's justification, for the orientations VTK's own devices align exactly (0, 90, 180, 270 degrees);
/// other angles are aligned as 0.
QPointF alignOffset(const vtkTextProperty* tp, double angle, double w, double h) {
    const int j = const_cast<vtkTextProperty*>(tp)->GetJustification();
    const int v = const_cast<vtkTextProperty*>(tp)->GetVerticalJustification();
    auto frac = [](int k) { return k == VTK_TEXT_CENTERED ? 0.5 : (k == VTK_TEXT_RIGHT ? 1.0 : 0.0); };
    // VTK_TEXT_BOTTOM == VTK_TEXT_LEFT (0), VTK_TEXT_TOP == VTK_TEXT_RIGHT (2).
    auto flip = [&](int k) { return 1.0 - frac(k); };
    const double a = std::fmod(std::fmod(angle, 360.0) + 360.0, 360.0);
    if (std::fabs(a - 90.0) < 1e-3) return {-w * flip(v), -h * frac(j)};
    if (std::fabs(a - 180.0) < 1e-3) return {-w * flip(j), -h * flip(v)};
    if (std::fabs(a - 270.0) < 1e-3) return {-w * frac(v), -h * frac(j)};
    return {-w * frac(j), -h * frac(v)};
}

}  // namespace

QtContextDevice::QtContextDevice() = default;

void QtContextDevice::setTarget(QPainter* painter, const QRectF& target, double scale,
                                const QString& fontFamily) {
    painter_ = painter;
    target_ = target;
    scale_ = scale > 0 ? scale : 1.0;
    fontFamily_ = fontFamily;
    Geometry[0] = static_cast<int>(std::lround(target.width() / scale_));
    Geometry[1] = static_cast<int>(std::lround(target.height() / scale_));
}

QPointF QtContextDevice::toPainter(float x, float y) const {
    const QPointF c = matrix_.map(QPointF(x, y));
    return {target_.left() + c.x() * scale_, target_.bottom() - c.y() * scale_};
}

QPolygonF QtContextDevice::polygon(const float* points, int n) const {
    QPolygonF poly;
    poly.reserve(n);
    for (int i = 0; i < n; ++i)
        poly << toPainter(points[2 * i], points[2 * i + 1]);
    return poly;
}

QPen QtContextDevice::pen() const {
    const vtkColor4ub c = Pen->GetColorObject();
    QPen p(QColor(c[0], c[1], c[2], c[3]));
    // A VTK width of 0 is a hairline; keep it visible in print.
    p.setWidthF(std::max(0.25, static_cast<double>(Pen->GetWidth())) * scale_);
    p.setCapStyle(Qt::FlatCap);
    p.setJoinStyle(Qt::RoundJoin);
    switch (Pen->GetLineType()) {
        case vtkPen::NO_PEN:
            p.setStyle(Qt::NoPen);
            break;
        case vtkPen::DASH_LINE:
            p.setStyle(Qt::DashLine);
            break;
        case vtkPen::DOT_LINE:
        case vtkPen::DENSE_DOT_LINE:
            p.setStyle(Qt::DotLine);
            break;
        case vtkPen::DASH_DOT_LINE:
            p.setStyle(Qt::DashDotLine);
            break;
        case vtkPen::DASH_DOT_DOT_LINE:
            p.setStyle(Qt::DashDotDotLine);
            break;
        default:
            p.setStyle(Qt::SolidLine);
            break;
    }
    return p;
}

QBrush QtContextDevice::brush() const {
    const vtkColor4ub c = Brush->GetColorObject();
    if (c[3] == 0) return Qt::NoBrush;
    return QBrush(QColor(c[0], c[1], c[2], c[3]));
}

QFont QtContextDevice::font() const {
    QFont f(fontFamily_);
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(TextProp->GetFontSize() * scale_))));
    f.setBold(TextProp->GetBold() != 0);
    f.setItalic(TextProp->GetItalic() != 0);
    return f;
}

QSizeF QtContextDevice::textSize(const QString& text) const {
    if (!painter_) return {};
    const QFontMetricsF fm(font(), painter_->device());
    const QStringList lines = text.split('\n');
    double w = 0;
    for (const QString& l : lines)
        w = std::max(w, fm.horizontalAdvance(l));
    const double h = fm.height() + (lines.size() - 1) * fm.lineSpacing();
    return {w / scale_, h / scale_};
}

void QtContextDevice::applyClip() {
    if (!clipping_) return;
    const QRectF r(target_.left() + clip_.left() * scale_, target_.bottom() - clip_.bottom() * scale_,
                   clip_.width() * scale_, clip_.height() * scale_);
    painter_->setClipRect(r, Qt::IntersectClip);
}

// ---- lines and points -----------------------------------------------------------------------------------

void QtContextDevice::DrawPoly(float* points, int n, unsigned char* colors, int nc) {
    if (!painter_ || dryRun_ || n < 2) return;
    painter_->save();
    applyClip();
    QPen p = pen();
    painter_->setBrush(Qt::NoBrush);
    const QPolygonF poly = polygon(points, n);
    if (colors && nc >= 3) {
        for (int i = 0; i + 1 < n; ++i) {
            p.setColor(colorAt(colors, nc, i));
            painter_->setPen(p);
            painter_->drawLine(poly[i], poly[i + 1]);
        }
    } else {
        painter_->setPen(p);
        painter_->drawPolyline(poly);
    }
    painter_->restore();
}

void QtContextDevice::DrawLines(float* f, int n, unsigned char* colors, int nc) {
    if (!painter_ || dryRun_ || n < 2) return;
    painter_->save();
    applyClip();
    QPen p = pen();
    painter_->setPen(p);
    for (int i = 0; i + 1 < n; i += 2) {
        if (colors && nc >= 3) {
            p.setColor(colorAt(colors, nc, i));
            painter_->setPen(p);
        }
        painter_->drawLine(toPainter(f[2 * i], f[2 * i + 1]), toPainter(f[2 * i + 2], f[2 * i + 3]));
    }
    painter_->restore();
}

void QtContextDevice::DrawPoints(float* points, int n, unsigned char* colors, int nc) {
    if (!painter_ || dryRun_) return;
    painter_->save();
    applyClip();
    painter_->setPen(Qt::NoPen);
    const double size = std::max(1.0f, Pen->GetWidth()) * scale_;
    const QColor base = pen().color();
    for (int i = 0; i < n; ++i) {
        const QPointF c = toPainter(points[2 * i], points[2 * i + 1]);
        painter_->setBrush(colors && nc >= 3 ? colorAt(colors, nc, i) : base);
        painter_->drawRect(QRectF(c.x() - size / 2, c.y() - size / 2, size, size));
    }
    painter_->restore();
}

void QtContextDevice::DrawPointSprites(vtkImageData*, float* points, int n, unsigned char* colors, int nc) {
    DrawPoints(points, n, colors, nc);
}

void QtContextDevice::DrawMarkers(int shape, bool, float* points, int n, unsigned char* colors, int nc) {
    if (!painter_ || dryRun_) return;
    painter_->save();
    applyClip();
    const double size = std::max(1.0f, Pen->GetWidth()) * scale_;
    const double r = size / 2;
    QPen outline = pen();
    outline.setStyle(Qt::SolidLine);
    outline.setWidthF(std::max(0.5 * scale_, size / 6));
    for (int i = 0; i < n; ++i) {
        const QPointF c = toPainter(points[2 * i], points[2 * i + 1]);
        const QColor col = colors && nc >= 3 ? colorAt(colors, nc, i) : pen().color();
        outline.setColor(col);
        switch (shape) {
            case VTK_MARKER_CROSS:
                painter_->setPen(outline);
                painter_->drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
                painter_->drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
                break;
            case VTK_MARKER_PLUS:
                painter_->setPen(outline);
                painter_->drawLine(c + QPointF(-r, 0), c + QPointF(r, 0));
                painter_->drawLine(c + QPointF(0, -r), c + QPointF(0, r));
                break;
            case VTK_MARKER_SQUARE:
                painter_->setPen(Qt::NoPen);
                painter_->setBrush(col);
                painter_->drawRect(QRectF(c.x() - r, c.y() - r, size, size));
                break;
            case VTK_MARKER_DIAMOND: {
                painter_->setPen(Qt::NoPen);
                painter_->setBrush(col);
                const QPointF d[4] = {c + QPointF(0, -r), c + QPointF(r, 0), c + QPointF(0, r),
                                      c + QPointF(-r, 0)};
                painter_->drawPolygon(d, 4);
                break;
            }
            default:  // circle
                painter_->setPen(Qt::NoPen);
                painter_->setBrush(col);
                painter_->drawEllipse(c, r, r);
                break;
        }
    }
    painter_->restore();
}

// ---- filled shapes --------------------------------------------------------------------------------------

void QtContextDevice::DrawQuad(float* points, int n) {
    if (!painter_ || dryRun_) return;
    painter_->save();
    applyClip();
    painter_->setPen(Qt::NoPen);
    painter_->setBrush(brush());
    for (int i = 0; i + 3 < n; i += 4)
        painter_->drawPolygon(polygon(points + 2 * i, 4));
    painter_->restore();
}

void QtContextDevice::DrawQuadStrip(float* points, int n) {
    if (!painter_ || dryRun_) return;
    painter_->save();
    applyClip();
    painter_->setPen(Qt::NoPen);
    painter_->setBrush(brush());
    for (int i = 0; i + 3 < n; i += 2) {
        QPolygonF q;
        q << toPainter(points[2 * i], points[2 * i + 1]) << toPainter(points[2 * i + 2], points[2 * i + 3])
          << toPainter(points[2 * i + 6], points[2 * i + 7])
          << toPainter(points[2 * i + 4], points[2 * i + 5]);
        painter_->drawPolygon(q);
    }
    painter_->restore();
}

void QtContextDevice::DrawPolygon(float* points, int n) {
    DrawColoredPolygon(points, n);
}

void QtContextDevice::DrawColoredPolygon(float* points, int n, unsigned char* colors, int nc) {
    if (!painter_ || dryRun_ || n < 3) return;
    painter_->save();
    applyClip();
    painter_->setPen(Qt::NoPen);
    painter_->setBrush(colors && nc >= 3 ? QBrush(colorAt(colors, nc, 0)) : brush());
    painter_->drawPolygon(polygon(points, n));
    painter_->restore();
}

void QtContextDevice::DrawEllipseWedge(float x, float y, float outRx, float outRy, float inRx, float inRy,
                                       float startAngle, float stopAngle) {
    if (!painter_ || dryRun_) return;
    const QPointF c = toPainter(x, y);
    const double sx = std::fabs(matrix_.m11()) * scale_, sy = std::fabs(matrix_.m22()) * scale_;
    const QRectF outer(c.x() - outRx * sx, c.y() - outRy * sy, 2 * outRx * sx, 2 * outRy * sy);
    const QRectF inner(c.x() - inRx * sx, c.y() - inRy * sy, 2 * inRx * sx, 2 * inRy * sy);
    QPainterPath path;
    path.arcMoveTo(outer, startAngle);
    path.arcTo(outer, startAngle, stopAngle - startAngle);
    if (inRx > 0 || inRy > 0)
        path.arcTo(inner, stopAngle, startAngle - stopAngle);
    else
        path.lineTo(c);
    path.closeSubpath();
    painter_->save();
    applyClip();
    painter_->setPen(Qt::NoPen);
    painter_->setBrush(brush());
    painter_->drawPath(path);
    painter_->restore();
}

void QtContextDevice::DrawEllipticArc(float x, float y, float rX, float rY, float startAngle,
                                      float stopAngle) {
    if (!painter_ || dryRun_) return;
    const QPointF c = toPainter(x, y);
    const double sx = std::fabs(matrix_.m11()) * scale_, sy = std::fabs(matrix_.m22()) * scale_;
    const QRectF r(c.x() - rX * sx, c.y() - rY * sy, 2 * rX * sx, 2 * rY * sy);
    QPainterPath path;
    path.arcMoveTo(r, startAngle);
    path.arcTo(r, startAngle, stopAngle - startAngle);
    painter_->save();
    applyClip();
    painter_->setPen(pen());
    painter_->setBrush(brush());
    painter_->drawPath(path);
    painter_->restore();
}

// ---- text -----------------------------------------------------------------------------------------------

void QtContextDevice::DrawString(float* point, const vtkStdString& string) {
    if (!painter_ || dryRun_ || string.empty()) return;
    const QString text = QString::fromUtf8(string.c_str());
    const QSizeF size = textSize(text);
    const double angle = TextProp->GetOrientation();
    const double rad = angle * M_PI / 180.0;
    const double bw = std::fabs(size.width() * std::cos(rad)) + std::fabs(size.height() * std::sin(rad));
    const double bh = std::fabs(size.width() * std::sin(rad)) + std::fabs(size.height() * std::cos(rad));
    // The anchor goes through the model matrix; the text keeps its size (as on VTK's OpenGL device).
    const QPointF anchor = matrix_.map(QPointF(point[0], point[1]));
    const QPointF corner = anchor + alignOffset(TextProp, angle, bw, bh);  // bottom left, chart units
    const QPointF centre(target_.left() + (corner.x() + bw / 2) * scale_,
                         target_.bottom() - (corner.y() + bh / 2) * scale_);
    double rgb[3];
    TextProp->GetColor(rgb);
    QColor col =
        QColor::fromRgbF(static_cast<float>(rgb[0]), static_cast<float>(rgb[1]), static_cast<float>(rgb[2]),
                         static_cast<float>(std::clamp(TextProp->GetOpacity(), 0.0, 1.0)));
    int flags = Qt::AlignVCenter;
    switch (TextProp->GetJustification()) {
        case VTK_TEXT_CENTERED:
            flags |= Qt::AlignHCenter;
            break;
        case VTK_TEXT_RIGHT:
            flags |= Qt::AlignRight;
            break;
        default:
            flags |= Qt::AlignLeft;
            break;
    }
    painter_->save();
    applyClip();
    painter_->setFont(font());
    painter_->setPen(col);
    painter_->translate(centre);
    painter_->rotate(-angle);  // VTK turns counter-clockwise with y up; Qt clockwise with y down
    const QRectF box(-size.width() * scale_ / 2, -size.height() * scale_ / 2, size.width() * scale_,
                     size.height() * scale_);
    painter_->drawText(box, flags, text);
    painter_->restore();
}

void QtContextDevice::ComputeStringBounds(const vtkStdString& string, float bounds[4]) {
    const QSizeF size = textSize(QString::fromUtf8(string.c_str()));
    const double rad = TextProp->GetOrientation() * M_PI / 180.0;
    const double bw = std::fabs(size.width() * std::cos(rad)) + std::fabs(size.height() * std::sin(rad));
    const double bh = std::fabs(size.width() * std::sin(rad)) + std::fabs(size.height() * std::cos(rad));
    // Text keeps its size under the model matrix: report it in the matrix's units.
    const double sx = std::fabs(matrix_.m11()) > 1e-12 ? std::fabs(matrix_.m11()) : 1.0;
    const double sy = std::fabs(matrix_.m22()) > 1e-12 ? std::fabs(matrix_.m22()) : 1.0;
    bounds[0] = 0.0f;
    bounds[1] = 0.0f;
    bounds[2] = static_cast<float>(bw / sx);
    bounds[3] = static_cast<float>(bh / sy);
}

void QtContextDevice::DrawString(float* point, const vtkUnicodeString& string) {
    DrawString(point, vtkStdString(string.utf8_str()));
}

void QtContextDevice::ComputeStringBounds(const vtkUnicodeString& string, float bounds[4]) {
    ComputeStringBounds(vtkStdString(string.utf8_str()), bounds);
}

void QtContextDevice::ComputeJustifiedStringBounds(const char* string, float bounds[4]) {
    ComputeStringBounds(vtkStdString(string ? string : ""), bounds);
    const QPointF off = alignOffset(TextProp, TextProp->GetOrientation(), bounds[2], bounds[3]);
    bounds[0] = static_cast<float>(off.x());
    bounds[1] = static_cast<float>(off.y());
}

void QtContextDevice::DrawMathTextString(float* point, const vtkStdString& string) {
    DrawString(point, string);  // no MathText: the plain string
}

// ---- images ---------------------------------------------------------------------------------------------

namespace {

QImage toQImage(vtkImageData* image) {
    if (!image || image->GetScalarType() != VTK_UNSIGNED_CHAR) return {};
    int dims[3];
    image->GetDimensions(dims);
    const int nc = image->GetNumberOfScalarComponents();
    if (dims[0] <= 0 || dims[1] <= 0 || nc < 1) return {};
    QImage img(dims[0], dims[1], QImage::Format_RGBA8888);
    const auto* data = static_cast<const unsigned char*>(image->GetScalarPointer());
    for (int y = 0; y < dims[1]; ++y) {
        auto* line = img.scanLine(dims[1] - 1 - y);  // VTK rows go up
        for (int x = 0; x < dims[0]; ++x) {
            const unsigned char* s = data + (static_cast<std::ptrdiff_t>(y) * dims[0] + x) * nc;
            line[4 * x + 0] = s[0];
            line[4 * x + 1] = nc >= 3 ? s[1] : s[0];
            line[4 * x + 2] = nc >= 3 ? s[2] : s[0];
            line[4 * x + 3] = nc == 4 ? s[3] : (nc == 2 ? s[1] : 255);
        }
    }
    return img;
}

}  // namespace

void QtContextDevice::DrawImage(float p[2], float scale, vtkImageData* image) {
    const QImage img = toQImage(image);
    if (!painter_ || dryRun_ || img.isNull()) return;
    DrawImage(vtkRectf(p[0], p[1], img.width() * scale, img.height() * scale), image);
}

void QtContextDevice::DrawImage(const vtkRectf& pos, vtkImageData* image) {
    const QImage img = toQImage(image);
    if (!painter_ || dryRun_ || img.isNull()) return;
    const QPointF a = toPainter(pos.GetX(), pos.GetY());
    const QPointF b = toPainter(pos.GetX() + pos.GetWidth(), pos.GetY() + pos.GetHeight());
    painter_->save();
    applyClip();
    painter_->drawImage(QRectF(a, b).normalized(), img);
    painter_->restore();
}

// ---- state ----------------------------------------------------------------------------------------------

// Colours, widths and line types come from the pen and brush VTK applies before each primitive.
void QtContextDevice::SetColor4(unsigned char color[4]) {
    Pen->SetColor(color);
}
void QtContextDevice::SetTexture(vtkImageData*, int) {}
void QtContextDevice::SetPointSize(float size) {
    Pen->SetWidth(size);
}
void QtContextDevice::SetLineWidth(float width) {
    Pen->SetWidth(width);
}
void QtContextDevice::SetLineType(int type) {
    Pen->SetLineType(type);
}

void QtContextDevice::SetMatrix(vtkMatrix3x3* m) {
    matrix_ = toQt(m);
}

void QtContextDevice::GetMatrix(vtkMatrix3x3* m) {
    const double e[9] = {matrix_.m11(), matrix_.m21(), matrix_.dx(),
                         matrix_.m12(), matrix_.m22(), matrix_.dy(),
                         0.0,           0.0,           1.0};
    m->DeepCopy(e);
}

void QtContextDevice::MultiplyMatrix(vtkMatrix3x3* m) {
    // VTK post-multiplies (the new matrix acts on points first); QTransform composes left to right.
    matrix_ = toQt(m) * matrix_;
}

void QtContextDevice::PushMatrix() {
    stack_.push_back(matrix_);
}

void QtContextDevice::PopMatrix() {
    if (stack_.empty()) return;
    matrix_ = stack_.back();
    stack_.pop_back();
}

void QtContextDevice::SetClipping(int* x) {
    clip_ = QRectF(x[0], x[1], x[2], x[3]);
}

void QtContextDevice::EnableClipping(bool enable) {
    clipping_ = enable;
}

}  // namespace citytwin::charts::detail
