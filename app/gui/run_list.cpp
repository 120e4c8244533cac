// The Runs panel.

#include "run_list.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace citytwin::gui {

namespace {
constexpr int kKeyRole = Qt::UserRole + 1;
}

RunList::RunList(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    tree_ = new QTreeWidget;
    tree_->setObjectName("runTree");
    tree_->setHeaderLabels({tr("Run"), tr("Simulator"), tr("Saved")});
    tree_->setToolTip(
        tr("The runs of this session or project. Double-click a name to rename the run; the check box "
           "shows or hides all its layers; right-click for more."));
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    tree_->setRootIsDecorated(false);
    tree_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    v->addWidget(tree_, 1);
    auto* buttons = new QHBoxLayout;
    rename_ = new QPushButton(tr("Rename"));
    rename_->setObjectName("renameRunButton");
    rename_->setToolTip(tr("Give the selected run a name (F2)"));
    table_ = new QPushButton(tr("Table…"));
    table_->setObjectName("runTableButton");
    table_->setToolTip(tr("Open the attribute table of the run's first vector output"));
    remove_ = new QPushButton(tr("Remove"));
    remove_->setObjectName("removeRunButton");
    remove_->setToolTip(
        tr("Remove the run's layers from the view and the run from the project (its folder stays "
           "on disk)"));
    buttons->addWidget(rename_);
    buttons->addWidget(table_);
    buttons->addStretch(1);
    buttons->addWidget(remove_);
    v->addLayout(buttons);
    for (QPushButton* b : {rename_, table_, remove_})
        b->setEnabled(false);

    connect(tree_, &QTreeWidget::currentItemChanged, this, [this] {
        const bool any = !currentRun().empty();
        for (QPushButton* b : {rename_, table_, remove_})
            b->setEnabled(any);
    });
    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (loading_ || column != 0) return;
        const std::string key = item->data(0, kKeyRole).toString().toStdString();
        // A rename and a tick both arrive here: tell them apart by what changed.
        const QString name = item->text(0).trimmed();
        const QString before = item->data(0, Qt::UserRole + 2).toString();
        if (name != before) {
            loading_ = true;
            item->setData(0, Qt::UserRole + 2, name.isEmpty() ? QString::fromStdString(key) : name);
            if (name.isEmpty()) item->setText(0, QString::fromStdString(key));
            loading_ = false;
            emit renamed(key, name);
            return;
        }
        const int state = item->checkState(0);
        const int old = item->data(0, Qt::UserRole + 3).toInt();
        if (state != old) {
            item->setData(0, Qt::UserRole + 3, state);
            emit shownChanged(key, state != Qt::Unchecked);
        }
    });
    connect(rename_, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem* item = tree_->currentItem()) tree_->editItem(item, 0);
    });
    connect(table_, &QPushButton::clicked, this, [this] { emit tableRequested(currentRun()); });
    connect(remove_, &QPushButton::clicked, this, [this] { emit removeRequested(currentRun()); });
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int column) {
        if (column != 0) emit zoomToRequested(item->data(0, kKeyRole).toString().toStdString());
    });
    connect(tree_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QTreeWidgetItem* item = tree_->itemAt(pos);
        if (!item) return;
        const std::string key = item->data(0, kKeyRole).toString().toStdString();
        QMenu menu(this);
        menu.addAction(tr("Rename"), this, [this, item] { tree_->editItem(item, 0); });
        menu.addAction(tr("Zoom to the run's layers"), this, [this, key] { emit zoomToRequested(key); });
        menu.addAction(tr("Open attribute table…"), this, [this, key] { emit tableRequested(key); });
        menu.addSeparator();
        menu.addAction(tr("Remove from the project"), this, [this, key] { emit removeRequested(key); });
        menu.exec(tree_->viewport()->mapToGlobal(pos));
    });
}

void RunList::setRuns(const std::vector<RunRow>& rows) {
    const std::string current = currentRun();
    loading_ = true;
    tree_->clear();
    for (const RunRow& r : rows) {
        auto* item = new QTreeWidgetItem(tree_);
        const QString name = r.name.isEmpty() ? QString::fromStdString(r.key) : r.name;
        item->setText(0, name);
        item->setText(1, r.simulator);
        item->setText(2, r.saved ? tr("yes") : tr("no"));
        item->setData(0, kKeyRole, QString::fromStdString(r.key));
        item->setData(0, Qt::UserRole + 2, name);
        item->setData(0, Qt::UserRole + 3, static_cast<int>(r.shown));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable |
                       Qt::ItemIsUserCheckable);
        item->setCheckState(0, r.shown);
        item->setToolTip(0, tr("%1\nKey: %2\nFolder: %3").arg(name, QString::fromStdString(r.key), r.folder));
        item->setToolTip(2, r.saved ? tr("Saved in the project file") : tr("Not saved in a project yet"));
    }
    loading_ = false;
    if (QTreeWidgetItem* item = itemFor(current)) tree_->setCurrentItem(item);
}

std::string RunList::currentRun() const {
    const QTreeWidgetItem* item = tree_->currentItem();
    return item ? item->data(0, kKeyRole).toString().toStdString() : std::string();
}

void RunList::setCurrentRun(const std::string& key) {
    if (QTreeWidgetItem* item = itemFor(key)) tree_->setCurrentItem(item);
}

QTreeWidgetItem* RunList::itemFor(const std::string& key) const {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        if (tree_->topLevelItem(i)->data(0, kKeyRole).toString().toStdString() == key)
            return tree_->topLevelItem(i);
    return nullptr;
}

}  // namespace citytwin::gui
