// The log and the routing of Qt's and VTK's messages into it.

#include "app_log.h"

#include <QDateTime>
#include <QMetaObject>
#include <QPointer>
#include <atomic>

#include "citytwin/render/vtk_log.h"

namespace citytwin::gui {

namespace {
std::atomic<AppLog*> gLog{nullptr};

void qtMessages(QtMsgType type, const QMessageLogContext&, const QString& msg) {
    AppLog* log = gLog.load();
    if (!log) return;
    AppLog::Level level = AppLog::Level::Info;
    switch (type) {
        case QtDebugMsg:
            level = AppLog::Level::Debug;
            break;
        case QtInfoMsg:
            level = AppLog::Level::Info;
            break;
        case QtWarningMsg:
            level = AppLog::Level::Warning;
            break;
        case QtCriticalMsg:
        case QtFatalMsg:
            level = AppLog::Level::Error;
            break;
    }
    log->add(level, "qt", msg);
}
}  // namespace

AppLog::AppLog(QObject* parent) : QObject(parent) {}

void AppLog::add(Level level, const QString& source, const QString& text) {
    static const char* names[] = {QT_TR_NOOP("debug"), QT_TR_NOOP("info"), QT_TR_NOOP("warning"),
                                  QT_TR_NOOP("error")};
    const QString line = QDateTime::currentDateTime().toString("HH:mm:ss") + "  " + source + "  " +
                         tr(names[static_cast<int>(level)]) + ": " + text;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        lines_.push_back(line);
        if (level == Level::Error) {
            bool found = false;
            for (auto& e : errors_)
                if (e.first == source) {
                    ++e.second;
                    found = true;
                }
            if (!found) errors_.push_back({source, 1});
        }
    }
    QPointer<AppLog> self(this);
    QMetaObject::invokeMethod(
        this,
        [self, level, line] {
            if (self) emit self->added(static_cast<int>(level), line);
        },
        Qt::QueuedConnection);
}

int AppLog::errorCount(const QString& source) const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    for (const auto& e : errors_)
        if (source.isEmpty() || e.first == source) n += e.second;
    return n;
}

QStringList AppLog::lines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
}

void installMessageRouting(AppLog* log) {
    gLog = log;
    qInstallMessageHandler(log ? qtMessages : nullptr);
    if (!log) {
        render::routeVtkMessages({});
        return;
    }
    render::routeVtkMessages([](render::VtkMessageLevel level, const std::string& msg) {
        AppLog* l = gLog.load();
        if (!l) return;
        const AppLog::Level lv = level == render::VtkMessageLevel::Error     ? AppLog::Level::Error
                                 : level == render::VtkMessageLevel::Warning ? AppLog::Level::Warning
                                                                             : AppLog::Level::Info;
        l->add(lv, "vtk", QString::fromStdString(msg));
    });
}

}  // namespace citytwin::gui
