#pragma once
// The Runs panel: every run of the session or project with its editable name, its simulator, whether it is
// saved in the project, and a check box that shows or hides all its layers together.

#include <QWidget>
#include <string>

class QTreeWidget;
class QTreeWidgetItem;
class QPushButton;

namespace citytwin::gui {

/// One run as the panel lists it.
struct RunRow {
    std::string key;                     ///< the run's key (its layer group, "flood #1")
    QString name;                        ///< the name shown (editable)
    QString simulator;                   ///< simulator id
    QString folder;                      ///< the run folder
    bool saved = false;                  ///< kept in the saved project
    Qt::CheckState shown = Qt::Checked;  ///< its layers: all shown, some, none
};

class RunList : public QWidget {
    Q_OBJECT
public:
    explicit RunList(QWidget* parent = nullptr);
    /// Replaces the rows (keeps the selection by key).
    void setRuns(const std::vector<RunRow>& rows);
    /// The selected run's key ("" when none).
    std::string currentRun() const;
    void setCurrentRun(const std::string& key);
    QTreeWidget* tree() const { return tree_; }
    /// The row of a run, or null.
    QTreeWidgetItem* itemFor(const std::string& key) const;

signals:
    /// The user renamed a run (the new name is trimmed; an empty name means "back to the key").
    void renamed(const std::string& key, const QString& name);
    /// The user ticked or cleared a run's check box.
    void shownChanged(const std::string& key, bool shown);
    void tableRequested(const std::string& key);
    void removeRequested(const std::string& key);
    void zoomToRequested(const std::string& key);

private:
    QTreeWidget* tree_ = nullptr;
    QPushButton* rename_ = nullptr;
    QPushButton* table_ = nullptr;
    QPushButton* remove_ = nullptr;
    bool loading_ = false;
};

}  // namespace citytwin::gui
