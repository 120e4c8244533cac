// VTK's output window, redirected.

#include "citytwin/render/vtk_log.h"

#include <vtkLogger.h>
#include <vtkObjectFactory.h>
#include <vtkOutputWindow.h>
#include <vtkSmartPointer.h>

#include <mutex>

namespace citytwin::render {

namespace {

class SinkOutputWindow : public vtkOutputWindow {
public:
    static SinkOutputWindow* New();
    vtkTypeMacro(SinkOutputWindow, vtkOutputWindow)

        void setSink(VtkMessageSink sink) {
        std::lock_guard<std::mutex> lock(mutex_);
        sink_ = std::move(sink);
    }
    void DisplayText(const char* text) override { send(VtkMessageLevel::Text, text); }
    void DisplayErrorText(const char* text) override { send(VtkMessageLevel::Error, text); }
    void DisplayWarningText(const char* text) override { send(VtkMessageLevel::Warning, text); }
    void DisplayGenericWarningText(const char* text) override { send(VtkMessageLevel::Warning, text); }
    void DisplayDebugText(const char*) override {}

private:
    void send(VtkMessageLevel level, const char* text) {
        VtkMessageSink sink;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            sink = sink_;
        }
        if (!sink) return;
        try {
            std::string msg = text ? text : "";
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r'))
                msg.pop_back();
            sink(level, msg);
        } catch (...) {
            // Never let an exception out into VTK.
        }
    }
    std::mutex mutex_;
    VtkMessageSink sink_;
};

vtkStandardNewMacro(SinkOutputWindow);

}  // namespace

void routeVtkMessages(VtkMessageSink sink) {
    static vtkSmartPointer<SinkOutputWindow> window = vtkSmartPointer<SinkOutputWindow>::New();
    window->setSink(std::move(sink));
    vtkOutputWindow::SetInstance(window);
    vtkLogger::SetStderrVerbosity(vtkLogger::VERBOSITY_OFF);
}

}  // namespace citytwin::render
