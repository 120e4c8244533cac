#pragma once
// A Qt 6 QOpenGLWidget hosting a VTK vtkGenericOpenGLRenderWindow (Debian's VTK Qt widget is Qt 5 only; see
// ../shared/docs/qt6-vtk-debian12.md for the protocol followed here).

#include <QOpenGLWidget>
#include <QPoint>
#include <QPointF>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkInteractorObserver;
class vtkCallbackCommand;
class vtkObject;

namespace citytwin::gui {

/// The 3D view: renders a VTK window into the widget and forwards the mouse to VTK's interactor.
/// VTK coordinates are device pixels with the origin at the bottom left.
class VtkView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkView(QWidget* parent = nullptr);
    ~VtkView() override;

    vtkGenericOpenGLRenderWindow* renderWindow() const;
    /// Sets the interactor style (the view takes a reference; the caller may Delete() its own).
    void setInteractorStyle(vtkInteractorObserver* style);
    /// A widget position in VTK display coordinates.
    QPoint toVtk(const QPointF& widgetPos) const;
    /// Milliseconds the last VTK render took.
    double lastRenderMs() const { return lastRenderMs_; }

public slots:
    /// Schedules a render (several requests before the next paint make one render).
    void requestRender();

signals:
    /// The mouse moved to a position (VTK display coordinates).
    void cursorMoved(QPoint vtkPos);
    void cursorLeft();
    /// A left click that did not drag (VTK display coordinates).
    void clicked(QPoint vtkPos);
    /// A frame was drawn (after the first one: the view is live).
    void frameDrawn();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    static void onVtkEvent(vtkObject* caller, unsigned long event, void* self, void* callData);
    void cleanupGL();
    void setEventInfo(const QPointF& pos, Qt::KeyboardModifiers mods);

    struct Private;
    Private* d_;
    QMetaObject::Connection aboutToBeDestroyed_;
    bool inPaint_ = false;
    bool fresh_ = false;
    QPoint pressPos_;
    bool pressed_ = false;
    double lastRenderMs_ = 0.0;
};

}  // namespace citytwin::gui
