// The generated parameter form.

#include "param_form.h"
#include "i18n.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "citytwin/core/simulator_host.h"

namespace citytwin::gui {

namespace {

/// A real-number spin box that shows values without trailing zeros ("2.5 mm/h", not "2.500000 mm/h").
class RealSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return QString::number(value, 'g', 10); }
    double valueFromText(const QString& text) const override {
        QString t = text;
        t.remove(suffix());
        return t.trimmed().toDouble();
    }
    QValidator::State validate(QString& text, int&) const override {
        QString t = text;
        t.remove(suffix());
        t = t.trimmed();
        if (t.isEmpty() || t == "-" || t == "+" || t.endsWith('e') || t.endsWith("e-"))
            return QValidator::Intermediate;
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok) return QValidator::Invalid;
        return (v < minimum() || v > maximum()) ? QValidator::Intermediate : QValidator::Acceptable;
    }
    // QDoubleSpinBox sizes itself for its range printed with all its decimals (323 here): hundreds of pixels
    // that forced the simulator form to scroll sideways. Size for the value as it is shown instead.
    QSize sizeHint() const override { return fitted(QDoubleSpinBox::sizeHint()); }
    QSize minimumSizeHint() const override { return fitted(QDoubleSpinBox::minimumSizeHint()); }

private:
    QSize fitted(QSize s) const {
        const QFontMetrics fm(font());
        int w = 0;
        for (double v : {minimum(), maximum(), value()})
            w = std::max(w, fm.horizontalAdvance(textFromValue(std::clamp(v, -1e9, 1e9)) + suffix()));
        w = std::min(w, fm.horizontalAdvance(QString(14, '0'))) + fm.horizontalAdvance("00") + 28;
        s.setWidth(std::min(s.width(), w));
        return s;
    }
};

/// The translation context of the form's texts outside the class.
struct T {
    Q_DECLARE_TR_FUNCTIONS(ParamFormText)
};

QString tooltip(const sdk::ParamDecl& d) {
    QString t = "<b>" + QString::fromStdString(d.label) + "</b> (<code>" + QString::fromStdString(d.id) +
                "</code>)<br>" + QString::fromStdString(d.help).toHtmlEscaped();
    if (d.range.min || d.range.max) {
        t += "<br>" + T::tr("Range: %1 to %2")
                          .arg(d.range.min ? QString::number(*d.range.min, 'g', 10) : QString("−∞"),
                               d.range.max ? QString::number(*d.range.max, 'g', 10) : QString("∞"));
        if (!d.unit.empty()) t += " " + QString::fromStdString(d.unit);
    }
    if (d.type == sdk::ParamType::Series)
        t += "<br>" + T::tr("Format: [[time_s, value], ...], times increasing.");
    if (d.type == sdk::ParamType::Points)
        t += "<br>" + T::tr("Format: [[easting, northing], ...] in the project CRS [m].");
    if (d.required()) t += "<br><i>" + T::tr("Required.") + "</i>";
    return t;
}

QString suffixFor(const sdk::ParamDecl& d) {
    return d.unit.empty() ? QString() : " " + QString::fromStdString(d.unit);
}

}  // namespace

ParamForm::ParamForm(QWidget* parent) : QWidget(parent) {
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
}

void ParamForm::clear() {
    fields_.clear();
    if (content_) {
        // Out of the widget tree at once (findChild and the layout must not see the old editors), deleted
        // later: this may run inside a signal of one of them.
        content_->hide();
        content_->setParent(nullptr);
        content_->deleteLater();
        content_ = nullptr;
    }
}

QWidget* ParamForm::makeEditor(const sdk::ParamDecl& d,
                               const std::vector<std::pair<std::string, std::string>>& layers) {
    QWidget* w = nullptr;
    switch (d.type) {
        case sdk::ParamType::Bool: {
            auto* c = new QCheckBox;
            connect(c, &QCheckBox::toggled, this, [this, id = d.id] { onEditorChanged(id); });
            w = c;
            break;
        }
        case sdk::ParamType::Integer: {
            auto* s = new QSpinBox;
            const double lo = d.range.min ? *d.range.min : -2e9, hi = d.range.max ? *d.range.max : 2e9;
            s->setRange(static_cast<int>(std::max(lo, -2147483647.0)),
                        static_cast<int>(std::min(hi, 2147483647.0)));
            s->setSuffix(suffixFor(d));
            s->setAccelerated(true);
            connect(s, &QSpinBox::valueChanged, this, [this, id = d.id] { onEditorChanged(id); });
            w = s;
            break;
        }
        case sdk::ParamType::Real: {
            auto* s = new RealSpinBox;
            // QDoubleSpinBox rounds its value to `decimals` places: allow them all, so that a gap of 1e-10
            // stays 1e-10 (RealSpinBox shows values without trailing zeros).
            s->setDecimals(323);
            s->setRange(d.range.min ? *d.range.min : -1e12, d.range.max ? *d.range.max : 1e12);
            s->setSuffix(suffixFor(d));
            double step = 1.0;
            if (d.range.min && d.range.max && *d.range.max > *d.range.min)
                step = std::pow(10.0, std::floor(std::log10((*d.range.max - *d.range.min) / 20.0)));
            s->setSingleStep(step);
            s->setAccelerated(true);
            connect(s, &QDoubleSpinBox::valueChanged, this, [this, id = d.id] { onEditorChanged(id); });
            w = s;
            break;
        }
        case sdk::ParamType::String: {
            auto* e = new QLineEdit;
            e->setMinimumWidth(60);
            connect(e, &QLineEdit::textChanged, this, [this, id = d.id] { onEditorChanged(id); });
            w = e;
            break;
        }
        case sdk::ParamType::File: {
            // A path, typed or picked: the button opens a file dialog with the declared filter.
            auto* e = new QLineEdit;
            e->setPlaceholderText(tr("(none)"));
            QAction* browse =
                e->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
            browse->setToolTip(tr("Choose a file"));
            const QString filter = QString::fromStdString(d.fileFilter);
            const QString title = QString::fromStdString(d.label);
            connect(browse, &QAction::triggered, this, [this, e, filter, title] {
                const QString start = e->text().isEmpty() ? QString() : QFileInfo(e->text()).absolutePath();
                const QString file = QFileDialog::getOpenFileName(this, title, start, filter);
                if (!file.isEmpty()) e->setText(file);
            });
            connect(e, &QLineEdit::textChanged, this, &ParamForm::changed);
            w = e;
            break;
        }
        case sdk::ParamType::Choice: {
            auto* c = new QComboBox;
            for (std::size_t k = 0; k < d.choices.size(); ++k) {
                // The value is the item's data (what scenarios take); its text in the interface language.
                c->addItem(QString::fromStdString(declaredText(
                               "choice:" + simulator_ + "." + d.id + "." + d.choices[k], d.choices[k])),
                           QString::fromStdString(d.choices[k]));
                if (k < d.choiceHelp.size())
                    c->setItemData(static_cast<int>(k), QString::fromStdString(d.choiceHelp[k]),
                                   Qt::ToolTipRole);
            }
            connect(c, &QComboBox::currentIndexChanged, this, [this, id = d.id] { onEditorChanged(id); });
            w = c;
            break;
        }
        case sdk::ParamType::Layer: {
            auto* c = new QComboBox;
            // An optional layer (default "") can be left unset.
            if (std::holds_alternative<std::string>(d.defaultValue) &&
                std::get<std::string>(d.defaultValue).empty())
                c->addItem(tr("(none)"), QString());
            for (const auto& [name, kind] : layers)
                if (d.layerKind.empty() || d.layerKind == kind)
                    c->addItem(QString::fromStdString(name) + " (" + QString::fromStdString(kind) + ")",
                               QString::fromStdString(name));
            connect(c, &QComboBox::currentIndexChanged, this, [this, id = d.id] { onEditorChanged(id); });
            w = c;
            break;
        }
        case sdk::ParamType::Series:
        case sdk::ParamType::Points: {
            auto* e = new QLineEdit;
            e->setPlaceholderText(d.type == sdk::ParamType::Series ? "[[0, 0], [3600, 50]]"
                                                                   : "[[easting, northing]]");
            e->setMinimumWidth(60);
            const sdk::ParamDecl decl = d;
            connect(e, &QLineEdit::textChanged, this, [this, e, decl] {
                std::string problem;
                const sdk::ParamValue v = core::parseParamText(decl, e->text().toStdString(), problem);
                if (problem.empty()) problem = core::checkParamValue(decl, v);
                e->setStyleSheet(problem.empty() ? QString() : "QLineEdit { border: 1px solid #c0392b; }");
                e->setToolTip(problem.empty() ? tooltip(decl) : QString::fromStdString(problem));
                onEditorChanged(decl.id);
            });
            w = e;
            break;
        }
    }
    w->setObjectName("param_" + QString::fromStdString(d.id));
    w->setToolTip(tooltip(d));
    // Lists size to a few characters, not to their longest item: a long layer name must not widen the form.
    if (auto* combo = qobject_cast<QComboBox*>(w)) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    return w;
}

void ParamForm::build(const sdk::Description& description, const sdk::ParameterSet& initial,
                      const std::vector<std::pair<std::string, std::string>>& layers) {
    quiet_ = true;
    clear();
    simulator_ = description.info.id;
    content_ = new QWidget(this);
    auto* v = new QVBoxLayout(content_);
    v->setContentsMargins(0, 0, 0, 0);
    layout_->addWidget(content_);

    // Groups in the order they first appear; advanced parameters in a collapsed section at the end.
    std::vector<std::string> groups;
    for (const sdk::ParamDecl& d : description.parameters)
        if (std::find(groups.begin(), groups.end(), d.group) == groups.end()) groups.push_back(d.group);
    auto addRows = [&](QWidget* parent, bool advanced) {
        auto* pv = new QVBoxLayout(parent);
        pv->setContentsMargins(0, 0, 0, 0);
        int rows = 0;
        for (const std::string& g : groups) {
            QFormLayout* form = nullptr;
            for (const sdk::ParamDecl& d : description.parameters) {
                if (d.group != g || d.advanced != advanced) continue;
                if (!form) {
                    auto* box = new QGroupBox(
                        g.empty() ? tr("Parameters")
                                  : QString::fromStdString(declaredText("group:" + simulator_ + "." + g, g)));
                    form = new QFormLayout(box);
                    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
                    // Long labels wrap and, when the panel is narrow, the editor goes below its label: the
                    // form fits the panel instead of scrolling sideways.
                    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
                    pv->addWidget(box);
                }
                QWidget* editor = makeEditor(d, layers);
                QString label =
                    QString::fromStdString(declaredText("param:" + simulator_ + "." + d.id, d.label));
                if (d.required()) label += " *";
                auto* l = new QLabel(label);
                l->setWordWrap(true);
                l->setToolTip(tooltip(d));
                l->setBuddy(editor);
                if ((d.type == sdk::ParamType::String || d.type == sdk::ParamType::Series ||
                     d.type == sdk::ParamType::Points) &&
                    !d.unit.empty()) {
                    auto* row = new QWidget;
                    auto* h = new QHBoxLayout(row);
                    h->setContentsMargins(0, 0, 0, 0);
                    h->addWidget(editor, 1);
                    h->addWidget(new QLabel(QString::fromStdString(d.unit)));
                    form->addRow(l, row);
                } else {
                    form->addRow(l, editor);
                }
                fields_.push_back({d, editor});
                ++rows;
            }
        }
        return rows;
    };
    auto* basic = new QWidget;
    addRows(basic, false);
    v->addWidget(basic);
    auto* advancedBody = new QWidget;
    if (addRows(advancedBody, true) > 0) {
        auto* toggle = new QToolButton;
        toggle->setObjectName("advancedToggle");
        toggle->setText(tr("Advanced"));
        toggle->setToolTip(tr("Show or hide the parameters most runs leave at their defaults"));
        toggle->setCheckable(true);
        toggle->setChecked(false);
        toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        toggle->setArrowType(Qt::RightArrow);
        toggle->setAutoRaise(true);
        advancedBody->setVisible(false);
        connect(toggle, &QToolButton::toggled, advancedBody, [toggle, advancedBody](bool on) {
            advancedBody->setVisible(on);
            toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        });
        v->addWidget(toggle);
        v->addWidget(advancedBody);
    } else {
        delete advancedBody;
    }
    for (const Field& f : fields_) {
        const bool has =
            initial.has(f.decl.id) && !std::holds_alternative<std::monostate>(initial.get(f.decl.id));
        setEditor(f, has ? initial.get(f.decl.id) : f.decl.defaultValue);
    }
    current_ = snapshot();
    quiet_ = false;
    // Shown now, not when the layout gets to it (a window grabbed right after a rebuild showed an empty
    // form).
    content_->show();
}

void ParamForm::onEditorChanged(const std::string& id) {
    if (quiet_) return;
    const FormValues after = snapshot();
    if (after != current_) {
        const FormValues before = current_;
        current_ = after;
        emit edited(QString::fromStdString(id), before, after);
    }
    emit changed();
}

FormValues ParamForm::snapshot() const {
    FormValues out;
    for (const Field& f : fields_)
        out.emplace_back(f.decl.id, editorText(f));
    return out;
}

void ParamForm::restore(const FormValues& values) {
    quiet_ = true;
    for (const auto& [id, text] : values)
        for (const Field& f : fields_) {
            if (f.decl.id != id) continue;
            if (text.empty()) {
                if (auto* e = qobject_cast<QLineEdit*>(f.editor)) e->clear();
            } else {
                std::string problem;
                const sdk::ParamValue v = core::parseParamText(f.decl, text, problem);
                if (problem.empty())
                    setEditor(f, v);
                else if (auto* e = qobject_cast<QLineEdit*>(f.editor))
                    e->setText(QString::fromStdString(text));  // a text being typed: as it was
            }
        }
    current_ = snapshot();
    quiet_ = false;
    emit changed();
}

std::string ParamForm::labelOf(const std::string& id) const {
    for (const Field& f : fields_)
        if (f.decl.id == id)
            return f.decl.label.empty() ? f.decl.id
                                        : declaredText("param:" + simulator_ + "." + id, f.decl.label);
    return {};
}

void ParamForm::setEditor(const Field& f, const sdk::ParamValue& value) {
    const sdk::ParamDecl& d = f.decl;
    QWidget* w = f.editor;
    switch (d.type) {
        case sdk::ParamType::Bool:
            static_cast<QCheckBox*>(w)->setChecked(std::holds_alternative<bool>(value) &&
                                                   std::get<bool>(value));
            break;
        case sdk::ParamType::Integer:
            if (std::holds_alternative<std::int64_t>(value))
                static_cast<QSpinBox*>(w)->setValue(static_cast<int>(std::get<std::int64_t>(value)));
            break;
        case sdk::ParamType::Real:
            if (std::holds_alternative<double>(value))
                static_cast<QDoubleSpinBox*>(w)->setValue(std::get<double>(value));
            if (std::holds_alternative<std::int64_t>(value))
                static_cast<QDoubleSpinBox*>(w)->setValue(static_cast<double>(std::get<std::int64_t>(value)));
            break;
        case sdk::ParamType::String:
        case sdk::ParamType::File:
            static_cast<QLineEdit*>(w)->setText(std::holds_alternative<std::string>(value)
                                                    ? QString::fromStdString(std::get<std::string>(value))
                                                    : QString());
            break;
        case sdk::ParamType::Choice:
        case sdk::ParamType::Layer: {
            auto* c = static_cast<QComboBox*>(w);
            if (std::holds_alternative<std::string>(value)) {
                const int i = c->findData(QString::fromStdString(std::get<std::string>(value)));
                if (i >= 0) c->setCurrentIndex(i);
            }
            break;
        }
        case sdk::ParamType::Series:
        case sdk::ParamType::Points:
            static_cast<QLineEdit*>(w)->setText(std::holds_alternative<std::monostate>(value)
                                                    ? QString()
                                                    : QString::fromStdString(sdk::toJson(value)));
            break;
    }
}

std::string ParamForm::editorText(const Field& f) const {
    QWidget* w = f.editor;
    switch (f.decl.type) {
        case sdk::ParamType::Bool:
            return static_cast<QCheckBox*>(w)->isChecked() ? "true" : "false";
        case sdk::ParamType::Integer:
            return std::to_string(static_cast<QSpinBox*>(w)->value());
        case sdk::ParamType::Real:
            return QString::number(static_cast<QDoubleSpinBox*>(w)->value(), 'g', 17).toStdString();
        case sdk::ParamType::String:
        case sdk::ParamType::File:
        case sdk::ParamType::Series:
        case sdk::ParamType::Points:
            return static_cast<QLineEdit*>(w)->text().trimmed().toStdString();
        case sdk::ParamType::Choice:
        case sdk::ParamType::Layer:
            return static_cast<QComboBox*>(w)->currentData().toString().toStdString();
    }
    return {};
}

std::vector<std::pair<std::string, std::string>> ParamForm::overrides() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Field& f : fields_) {
        const std::string text = editorText(f);
        // An empty optional series/points editor means "none": leave the default in place.
        if (text.empty() && f.decl.type != sdk::ParamType::String && !f.decl.required()) continue;
        out.emplace_back(f.decl.id, text);
    }
    return out;
}

bool ParamForm::setValue(const std::string& id, const std::string& text, std::string* problem) {
    for (const Field& f : fields_)
        if (f.decl.id == id) {
            std::string p;
            const sdk::ParamValue v = core::parseParamText(f.decl, text, p);
            if (p.empty()) p = core::checkParamValue(f.decl, v);
            if (!p.empty()) {
                if (problem) *problem = p;
                return false;
            }
            setEditor(f, v);
            return true;
        }
    if (problem) *problem = "no parameter '" + id + "'";
    return false;
}

void ParamForm::resetToDefaults() {
    resetTo(sdk::ParameterSet{});
}

void ParamForm::resetTo(const sdk::ParameterSet& values) {
    const FormValues before = snapshot();
    quiet_ = true;
    for (const Field& f : fields_) {
        const bool has =
            values.has(f.decl.id) && !std::holds_alternative<std::monostate>(values.get(f.decl.id));
        const sdk::ParamValue& v = has ? values.get(f.decl.id) : f.decl.defaultValue;
        if (std::holds_alternative<std::monostate>(v)) {
            if (auto* e = qobject_cast<QLineEdit*>(f.editor)) e->clear();
        } else {
            setEditor(f, v);
        }
    }
    quiet_ = false;
    const FormValues after = snapshot();
    current_ = after;
    if (after != before) emit edited(QString(), before, after);
    emit changed();
}

std::vector<sdk::Problem> ParamForm::problems() const {
    std::vector<sdk::Problem> out;
    for (const Field& f : fields_) {
        if (f.decl.type != sdk::ParamType::Series && f.decl.type != sdk::ParamType::Points) continue;
        const std::string text = editorText(f);
        if (text.empty()) continue;
        std::string p;
        const sdk::ParamValue v = core::parseParamText(f.decl, text, p);
        if (p.empty()) p = core::checkParamValue(f.decl, v);
        if (!p.empty()) out.push_back({simulator_, f.decl.id, p});
    }
    return out;
}

}  // namespace citytwin::gui
