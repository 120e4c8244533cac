#pragma once
// Attribute tables: a vector layer's features (or a table output's rows) in a sortable, filterable table view
// that can be exported as CSV.

#include <QAbstractTableModel>
#include <QDialog>
#include <memory>
#include <string>

#include "citytwin/core/vector_layer.h"
#include "citytwin/sdk/outputs.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace citytwin::gui {

/// Text of an attribute value as the inspector and tables show it: integers exactly ("367771707"), reals with
/// up to 10 significant digits and without a spurious exponent for whole numbers, text as it is, NULL as "".
QString attributeText(const core::AttributeValue& value);

/// A vector layer's attributes (one row per feature, "fid" first) or a table's rows. Display text as
/// attributeText(); Qt::UserRole holds the value for sorting (numbers as numbers, so 10 sorts after 9).
class AttributeTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit AttributeTableModel(std::shared_ptr<const core::VectorLayer> layer, QObject* parent = nullptr);
    explicit AttributeTableModel(std::shared_ptr<const sdk::Table> table, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    /// The feature index (within the layer) of a row; -1 for tables.
    long featureOf(int row) const { return layer_ ? row : -1; }

private:
    core::AttributeValue value(int row, int column) const;
    std::shared_ptr<const core::VectorLayer> layer_;
    std::shared_ptr<const sdk::Table> table_;
};

/// Writes the rows of `model` as they stand (sorted, filtered) as CSV: a header row, RFC 4180 quoting, UTF-8
/// with a byte-order mark (so that spreadsheet programs show Hangul), written atomically. Returns false with
/// the reason in `error`.
bool writeCsv(const QAbstractItemModel& model, const QString& path, QString* error);

/// A window with one attribute table: a filter field, the sortable table, the row count, Export CSV.
class AttributeTableDialog : public QDialog {
    Q_OBJECT
public:
    /// `layerId` is the scene layer the rows belong to ("" for a table output).
    AttributeTableDialog(const QString& title, const std::string& layerId, AttributeTableModel* model,
                         QWidget* parent = nullptr);
    QTableView* view() const { return view_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QLineEdit* filter() const { return filter_; }
    /// Exports the rows shown to `path`; false with a message box on failure.
    bool exportCsv(const QString& path);

signals:
    /// A row was chosen: its feature in the layer (to highlight it in the view).
    void featureActivated(const std::string& layerId, long feature);

private:
    void updateCount();
    std::string layerId_;
    AttributeTableModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* view_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QLabel* count_ = nullptr;
};

}  // namespace citytwin::gui
