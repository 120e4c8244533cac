#pragma once
// A parameter form generated from a simulator's declarations (sdk::ParamDecl): one editor per parameter,
// units as suffixes, ranges enforced, groups as boxes, advanced parameters collapsed, help as tooltips.

#include <QWidget>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/sdk/simulator.h"

class QVBoxLayout;

namespace citytwin::gui {

/// Every value of a form as (parameter id, text as on the command line); "" for an empty optional editor.
using FormValues = std::vector<std::pair<std::string, std::string>>;

/// The generated form; editors are named "param_<id>" (tests and style sheets find them by name).
class ParamForm : public QWidget {
    Q_OBJECT
public:
    explicit ParamForm(QWidget* parent = nullptr);

    /// Builds the editors. `initial` holds the starting values (defaults and the scenario's block); `layers`
    /// the model's layers as (name, kind) with kind "raster" or "vector", for layer parameters.
    void build(const sdk::Description& description, const sdk::ParameterSet& initial,
               const std::vector<std::pair<std::string, std::string>>& layers);
    void clear();
    /// Every value as (parameter id, text as on the command line), ready for core::resolveParameters().
    std::vector<std::pair<std::string, std::string>> overrides() const;
    /// Sets a parameter from command-line text. False when there is no such parameter or the text is not
    /// valid for it (then `problem` says why).
    bool setValue(const std::string& id, const std::string& text, std::string* problem = nullptr);
    /// Back to the declared defaults (one edit, see edited()).
    void resetToDefaults();
    /// Every editor to the values of `values` (the declared default where it has none): one edit.
    void resetTo(const sdk::ParameterSet& values);
    /// The simulator whose form this is ("" when empty).
    const std::string& simulator() const { return simulator_; }
    /// Every editor's value, for undo (see restore()).
    FormValues snapshot() const;
    /// Puts back values taken by snapshot() without reporting an edit.
    void restore(const FormValues& values);
    /// The label of a parameter ("" when there is no such parameter).
    std::string labelOf(const std::string& id) const;
    /// Problems of the free-text editors (series, points) as typed now.
    std::vector<sdk::Problem> problems() const;

signals:
    void changed();
    /// The user changed the form (one editor, or a reset when `parameter` is ""): the values before and
    /// after.
    void edited(const QString& parameter, const citytwin::gui::FormValues& before,
                const citytwin::gui::FormValues& after);

private:
    struct Field {
        sdk::ParamDecl decl;
        QWidget* editor = nullptr;
    };
    QWidget* makeEditor(const sdk::ParamDecl& decl,
                        const std::vector<std::pair<std::string, std::string>>& layers);
    void setEditor(const Field& f, const sdk::ParamValue& value);
    std::string editorText(const Field& f) const;
    void onEditorChanged(const std::string& id);

    std::string simulator_;
    std::vector<Field> fields_;
    QVBoxLayout* layout_ = nullptr;
    QWidget* content_ = nullptr;
    FormValues current_;  ///< the values after the last reported edit
    bool quiet_ = false;  ///< building or restoring: changes are not edits
};

}  // namespace citytwin::gui
