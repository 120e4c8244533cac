// Attribute tables.

#include "table_view.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "citytwin/core/atomic_file.h"
#include "dialogs.h"
#include "settings.h"

namespace citytwin::gui {

QString attributeText(const core::AttributeValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return {};
    if (std::holds_alternative<std::int64_t>(v))
        return QString::number(static_cast<qlonglong>(std::get<std::int64_t>(v)));
    if (std::holds_alternative<std::string>(v)) return QString::fromStdString(std::get<std::string>(v));
    const double d = std::get<double>(v);
    if (std::isnan(d)) return {};
    // Whole numbers that a double holds exactly (ids stored as reals by some formats) print as integers.
    if (std::fabs(d) < 9007199254740992.0 && d == std::floor(d))
        return QString::number(static_cast<qlonglong>(d));
    return QString::number(d, 'g', 10);
}

namespace {
QVariant sortValue(const core::AttributeValue& v) {
    if (std::holds_alternative<std::int64_t>(v))
        return QVariant::fromValue<qlonglong>(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
        const double d = std::get<double>(v);
        return std::isnan(d) ? QVariant() : QVariant(d);
    }
    if (std::holds_alternative<std::string>(v)) return QString::fromStdString(std::get<std::string>(v));
    return {};
}
/// Sorts by Qt::UserRole: numbers as numbers, text by locale-aware comparison, empty values last.
class SortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& a, const QModelIndex& b) const override {
        const QVariant l = a.data(Qt::UserRole), r = b.data(Qt::UserRole);
        if (!l.isValid() || !r.isValid()) return l.isValid() && !r.isValid();
        if (l.typeId() == QMetaType::QString || r.typeId() == QMetaType::QString)
            return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
        return l.toDouble() < r.toDouble() ||
               (l.toDouble() == r.toDouble() && l.toLongLong() < r.toLongLong());
    }
};
}  // namespace

AttributeTableModel::AttributeTableModel(std::shared_ptr<const core::VectorLayer> layer, QObject* parent)
    : QAbstractTableModel(parent), layer_(std::move(layer)) {}

AttributeTableModel::AttributeTableModel(std::shared_ptr<const sdk::Table> table, QObject* parent)
    : QAbstractTableModel(parent), table_(std::move(table)) {}

int AttributeTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    if (layer_) return static_cast<int>(layer_->features.size());
    return table_ ? static_cast<int>(table_->rows.size()) : 0;
}

int AttributeTableModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    if (layer_) return static_cast<int>(layer_->fields.size()) + 1;
    return table_ ? static_cast<int>(table_->columns.size()) : 0;
}

core::AttributeValue AttributeTableModel::value(int row, int column) const {
    const auto r = static_cast<std::size_t>(row);
    if (layer_) {
        const core::VectorFeature& f = layer_->features[r];
        if (column == 0)
            return f.fid >= 0 ? core::AttributeValue(f.fid)
                              : core::AttributeValue(static_cast<std::int64_t>(row));
        return f.attribute(column - 1);
    }
    const auto& cells = table_->rows[r];
    const auto c = static_cast<std::size_t>(column);
    return c < cells.size() ? cells[c] : core::AttributeValue{};
}

QVariant AttributeTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const core::AttributeValue v = value(index.row(), index.column());
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            return attributeText(v);
        case Qt::UserRole:
            return sortValue(v);
        case Qt::TextAlignmentRole:
            return std::holds_alternative<std::string>(v) ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                                                          : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
    }
}

QVariant AttributeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) return {};
    if (layer_) {
        if (section == 0) return QStringLiteral("fid");
        return QString::fromStdString(layer_->fields[static_cast<std::size_t>(section - 1)].name);
    }
    const sdk::TableColumn& c = table_->columns[static_cast<std::size_t>(section)];
    return QString::fromStdString(c.unit.empty() ? c.name : c.name + " [" + c.unit + "]");
}

bool writeCsv(const QAbstractItemModel& model, const QString& path, QString* error) {
    auto field = [](const QString& s) {
        if (!s.contains(',') && !s.contains('"') && !s.contains('\n') && !s.contains('\r')) return s;
        QString q = s;
        q.replace('"', "\"\"");
        return '"' + q + '"';
    };
    QString text;
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << field(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    text += header.join(',') + "\r\n";
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < model.columnCount(); ++c)
            row << field(model.data(model.index(r, c), Qt::DisplayRole).toString());
        text += row.join(',') + "\r\n";
    }
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        core::writeFileAtomically(path.toStdString(), "\xEF\xBB\xBF" + text.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

AttributeTableDialog::AttributeTableDialog(const QString& title, const std::string& layerId,
                                           AttributeTableModel* model, QWidget* parent)
    : QDialog(parent), layerId_(layerId), model_(model) {
    setObjectName("attributeTable");
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    model_->setParent(this);
    auto* v = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    filter_ = new QLineEdit;
    filter_->setObjectName("tableFilter");
    filter_->setPlaceholderText(tr("Filter rows (text in any column)"));
    filter_->setToolTip(
        tr("Shows only the rows where some column contains this text (case does not matter)"));
    filter_->setClearButtonEnabled(true);
    top->addWidget(filter_, 1);
    count_ = new QLabel;
    count_->setObjectName("tableCount");
    top->addWidget(count_);
    v->addLayout(top);
    proxy_ = new SortProxy(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    view_ = new QTableView;
    view_->setObjectName("tableView");
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(-1, Qt::AscendingOrder);  // the file's order until a header is clicked
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setAlternatingRowColors(true);
    view_->setToolTip(
        tr("Click a column header to sort by it (numbers as numbers); choose a row to highlight its "
           "feature in the view"));
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view_->resizeColumnsToContents();
    v->addWidget(view_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    translateButtons(buttons);
    auto* exportButton = buttons->addButton(tr("Export CSV…"), QDialogButtonBox::ActionRole);
    exportButton->setObjectName("exportCsvButton");
    exportButton->setToolTip(tr("Write the rows shown (filtered and sorted as now) to a CSV file"));
    v->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& t) {
        proxy_->setFilterFixedString(t);
        updateCount();
    });
    connect(exportButton, &QPushButton::clicked, this, [this, title] {
        QString base = title;
        base.replace(QRegularExpression("[^\\w\\-]+", QRegularExpression::UseUnicodePropertiesOption), "_");
        const QString p = QFileDialog::getSaveFileName(
            this, tr("Export table as CSV"), defaultOutputPath(base + ".csv"), tr("CSV files (*.csv)"));
        if (!p.isEmpty()) exportCsv(p);
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid() || layerId_.empty()) return;
                const long f = model_->featureOf(proxy_->mapToSource(current).row());
                if (f >= 0) emit featureActivated(layerId_, f);
            });
    updateCount();
    resize(900, 520);
}

void AttributeTableDialog::updateCount() {
    count_->setText(tr("%1 of %2 rows").arg(proxy_->rowCount()).arg(model_->rowCount()));
}

bool AttributeTableDialog::exportCsv(const QString& path) {
    QString error;
    if (!writeCsv(*proxy_, path, &error)) {
        showMessage(this, QMessageBox::Critical, tr("Export failed"), path + "\n\n" + error);
        return false;
    }
    return true;
}

}  // namespace citytwin::gui
