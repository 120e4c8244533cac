#pragma once
// Help in the viewer: a short page per dock and one per simulator generated from its declarations (parameters
// with units, ranges, defaults and help texts; outputs with kinds, units and descriptions), shown in a help
// window; and the "getting started" tour on the demo city.

#include <QDialog>
#include <QString>
#include <functional>
#include <vector>

#include "citytwin/sdk/simulator.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace citytwin::gui {

/// A help page: its id ("dock:layers", "sim:flood"), title and HTML body.
struct HelpPage {
    QString id;
    QString title;
    QString html;
};

/// The pages of the docks and menus (Layers, Runs, Simulators, Inspector, Log, view, time bar, projects).
std::vector<HelpPage> dockHelpPages();
/// The page of a simulator, generated from its declarations.
HelpPage simulatorHelpPage(const sdk::Description& description);

/// Help > Help contents: a list of pages and the page chosen.
class HelpDialog : public QDialog {
    Q_OBJECT
public:
    HelpDialog(std::vector<HelpPage> pages, QWidget* parent = nullptr);
    /// Shows the page with this id; false when there is none.
    bool showPage(const QString& id);
    QString currentPage() const;
    QTextBrowser* browser() const { return browser_; }

private:
    std::vector<HelpPage> pages_;
    QListWidget* list_ = nullptr;
    QTextBrowser* browser_ = nullptr;
};

/// One step of the tour: what to look at, and an action the step can do for the user.
struct TourStep {
    QString title;
    QString text;
    QString actionText;            ///< button text ("" = no button)
    std::function<void()> action;  ///< what the button does (open the demo, run the simulator, ...)
    std::function<void()> onShow;  ///< when the step is shown (raise a dock)
};

/// Help > Getting started: a step dialog (Back / Next) over the demo city.
class TourDialog : public QDialog {
    Q_OBJECT
public:
    TourDialog(std::vector<TourStep> steps, QWidget* parent = nullptr);
    int step() const { return step_; }
    int stepCount() const { return static_cast<int>(steps_.size()); }
    void showStep(int index);
    QPushButton* actionButton() const { return action_; }
    QPushButton* nextButton() const { return next_; }
    QPushButton* backButton() const { return back_; }

private:
    std::vector<TourStep> steps_;
    int step_ = 0;
    QLabel* counter_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* text_ = nullptr;
    QPushButton* action_ = nullptr;
    QPushButton* back_ = nullptr;
    QPushButton* next_ = nullptr;
};

}  // namespace citytwin::gui
