// The Qt 6 <-> VTK bridge, following ../shared/docs/qt6-vtk-debian12.md step by step.

#include "vtk_view.h"

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorObserver.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRendererCollection.h>
#include <vtkSmartPointer.h>

#include <QElapsedTimer>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QWheelEvent>

namespace citytwin::gui {

namespace {
// OpenGL enums, spelled out to keep GL headers (Qt's and VTK's GLEW clash) out of this file.
constexpr unsigned kGlDrawFramebuffer = 0x8CA9;
constexpr unsigned kGlColorBufferBit = 0x4000;
constexpr int kGlNearest = 0x2600;
constexpr unsigned kGlLequal = 0x0203;
}  // namespace

struct VtkView::Private {
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window;
    vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor;
    vtkSmartPointer<vtkCallbackCommand> observer;
};

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent), d_(new Private) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 240);
    d_->window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    d_->window->SetReadyForRendering(false);
    d_->window->SetFrameBlitModeToNoBlit();
    d_->window->SetMultiSamples(0);
    d_->interactor = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
    d_->interactor->SetRenderWindow(d_->window);
    d_->interactor->EnableRenderOn();
    d_->interactor->Initialize();
    d_->observer = vtkSmartPointer<vtkCallbackCommand>::New();
    d_->observer->SetClientData(this);
    d_->observer->SetCallback(&VtkView::onVtkEvent);
    for (unsigned long e :
         {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent, vtkCommand::WindowFrameEvent,
          vtkCommand::WindowSupportsOpenGLEvent, vtkCommand::WindowIsDirectEvent})
        d_->window->AddObserver(e, d_->observer);
}

VtkView::~VtkView() {
    // First the connection (else a crash at exit), then finalise VTK's GL resources in our context.
    QObject::disconnect(aboutToBeDestroyed_);
    if (context()) {
        makeCurrent();
        d_->window->Finalize();
        doneCurrent();
    }
    d_->window->RemoveObserver(d_->observer);
    delete d_;
}

vtkGenericOpenGLRenderWindow* VtkView::renderWindow() const {
    return d_->window;
}

void VtkView::setInteractorStyle(vtkInteractorObserver* style) {
    d_->interactor->SetInteractorStyle(style);
}

QPoint VtkView::toVtk(const QPointF& pos) const {
    const double dpr = devicePixelRatioF();
    return QPoint(static_cast<int>(pos.x() * dpr), static_cast<int>((height() - pos.y()) * dpr) - 1);
}

void VtkView::requestRender() {
    fresh_ = false;
    update();
}

void VtkView::onVtkEvent(vtkObject*, unsigned long event, void* self, void* callData) {
    auto* view = static_cast<VtkView*>(self);
    QOpenGLContext* ctx = view->context();
    switch (event) {
        case vtkCommand::WindowMakeCurrentEvent:
            // Only the context: QOpenGLWidget::makeCurrent() would rebind Qt's FBO behind VTK's state cache.
            if (ctx && QOpenGLContext::currentContext() != ctx) ctx->makeCurrent(ctx->surface());
            break;
        case vtkCommand::WindowIsCurrentEvent:
            *static_cast<bool*>(callData) = ctx && QOpenGLContext::currentContext() == ctx;
            break;
        case vtkCommand::WindowFrameEvent:
            if (!view->inPaint_) {
                view->fresh_ = true;
                view->update();
            }
            break;
        case vtkCommand::WindowSupportsOpenGLEvent:
            *static_cast<int*>(callData) = 1;
            break;
        case vtkCommand::WindowIsDirectEvent:
            *static_cast<int*>(callData) = 1;
            break;
        default:
            break;
    }
}

void VtkView::initializeGL() {
    d_->window->SetOwnContext(0);
    d_->window->SetReadyForRendering(true);
    d_->window->OpenGLInitContext();
    d_->window->SetMapped(1);
    aboutToBeDestroyed_ = connect(
        context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] { cleanupGL(); }, Qt::DirectConnection);
    const double dpr = devicePixelRatioF();
    d_->interactor->UpdateSize(static_cast<int>(width() * dpr), static_cast<int>(height() * dpr));
}

void VtkView::cleanupGL() {
    makeCurrent();
    d_->window->Finalize();
    d_->window->SetReadyForRendering(false);
    doneCurrent();
}

void VtkView::resizeGL(int w, int h) {
    const double dpr = devicePixelRatioF();
    d_->interactor->UpdateSize(static_cast<int>(w * dpr), static_cast<int>(h * dpr));
    fresh_ = false;
}

void VtkView::paintGL() {
    vtkGenericOpenGLRenderWindow* win = d_->window;
    if (!win->GetReadyForRendering()) return;
    inPaint_ = true;
    vtkOpenGLState* state = win->GetState();
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(kGlLequal);  // Qt leaves GL_LESS; VTK expects GL_LEQUAL
    if (!fresh_) {
        QElapsedTimer t;
        t.start();
        d_->interactor->Render();
        lastRenderMs_ = static_cast<double>(t.nsecsElapsed()) / 1e6;
    }
    fresh_ = false;
    const double dpr = devicePixelRatioF();
    state->PushDrawFramebufferBinding();
    state->vtkglBindFramebuffer(kGlDrawFramebuffer, defaultFramebufferObject());
    int size[2] = {0, 0};
    win->GetRenderFramebuffer()->GetLastSize(size);
    win->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, static_cast<int>(width() * dpr),
                                static_cast<int>(height() * dpr), kGlColorBufferBit, kGlNearest);
    // VTK leaves alpha 0 on the background and Qt composites premultiplied: force alpha to 1.
    state->vtkglColorMask(false, false, false, true);
    state->vtkglClearColor(0, 0, 0, 1);
    state->vtkglClear(kGlColorBufferBit);
    state->vtkglColorMask(true, true, true, true);
    state->PopDrawFramebufferBinding();
    state->Pop();
    inPaint_ = false;
    emit frameDrawn();
}

void VtkView::setEventInfo(const QPointF& pos, Qt::KeyboardModifiers mods) {
    const double dpr = devicePixelRatioF();
    d_->interactor->SetEventInformationFlipY(static_cast<int>(pos.x() * dpr), static_cast<int>(pos.y() * dpr),
                                             (mods & Qt::ControlModifier) ? 1 : 0,
                                             (mods & Qt::ShiftModifier) ? 1 : 0);
}

void VtkView::mousePressEvent(QMouseEvent* e) {
    setFocus();
    setEventInfo(e->position(), e->modifiers());
    pressPos_ = e->position().toPoint();
    pressed_ = e->button() == Qt::LeftButton;
    switch (e->button()) {
        case Qt::LeftButton:
            d_->interactor->InvokeEvent(vtkCommand::LeftButtonPressEvent);
            break;
        case Qt::RightButton:
            d_->interactor->InvokeEvent(vtkCommand::RightButtonPressEvent);
            break;
        case Qt::MiddleButton:
            d_->interactor->InvokeEvent(vtkCommand::MiddleButtonPressEvent);
            break;
        default:
            break;
    }
}

void VtkView::mouseReleaseEvent(QMouseEvent* e) {
    setEventInfo(e->position(), e->modifiers());
    switch (e->button()) {
        case Qt::LeftButton:
            d_->interactor->InvokeEvent(vtkCommand::LeftButtonReleaseEvent);
            break;
        case Qt::RightButton:
            d_->interactor->InvokeEvent(vtkCommand::RightButtonReleaseEvent);
            break;
        case Qt::MiddleButton:
            d_->interactor->InvokeEvent(vtkCommand::MiddleButtonReleaseEvent);
            break;
        default:
            break;
    }
    if (pressed_ && e->button() == Qt::LeftButton &&
        (e->position().toPoint() - pressPos_).manhattanLength() <= 4)
        emit clicked(toVtk(e->position()));
    pressed_ = false;
}

void VtkView::mouseMoveEvent(QMouseEvent* e) {
    setEventInfo(e->position(), e->modifiers());
    d_->interactor->InvokeEvent(vtkCommand::MouseMoveEvent);
    emit cursorMoved(toVtk(e->position()));
}

void VtkView::wheelEvent(QWheelEvent* e) {
    setEventInfo(e->position(), e->modifiers());
    const int delta = e->angleDelta().y();
    if (delta > 0)
        d_->interactor->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
    else if (delta < 0)
        d_->interactor->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
    e->accept();
}

void VtkView::leaveEvent(QEvent* e) {
    emit cursorLeft();
    QOpenGLWidget::leaveEvent(e);
}

}  // namespace citytwin::gui
