#pragma once
// Undoable edits: a layer's style and the simulator form's values. Each command holds the values before and
// after; applying them is left to a function the window gives, so that the tree, the view and the buildings
// follow.

#include <QElapsedTimer>
#include <QUndoCommand>
#include <functional>
#include <string>

#include "citytwin/render/scene.h"
#include "param_form.h"

namespace citytwin::gui {

/// A style change of one layer. The change is already applied when the command is pushed (the first redo does
/// nothing). Consecutive changes of the same layer other than its visibility (a slider being dragged) merge.
class StyleCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const std::string& id, const render::LayerStyle& style)>;
    StyleCommand(Apply apply, std::string layerId, const render::LayerStyle& before,
                 const render::LayerStyle& after, const QString& text);
    void undo() override;
    void redo() override;
    int id() const override { return 7301; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Apply apply_;
    std::string layer_;
    render::LayerStyle before_, after_;
    bool applied_ = true;
    QElapsedTimer clock_;
};

/// A change of the simulator form (one parameter, or a reset). Already applied when pushed. Consecutive
/// changes of the same parameter (typing in a field) merge.
class FormCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const std::string& simulator, const FormValues& values)>;
    FormCommand(Apply apply, std::string simulator, std::string parameter, FormValues before,
                FormValues after, const QString& text);
    void undo() override;
    void redo() override;
    int id() const override { return 7302; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    Apply apply_;
    std::string simulator_, parameter_;
    FormValues before_, after_;
    bool applied_ = true;
};

}  // namespace citytwin::gui
