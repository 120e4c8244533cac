// Undoable edits.

#include "undo_commands.h"

namespace citytwin::gui {

namespace {
bool sameExceptLook(const render::LayerStyle& a, const render::LayerStyle& b) {
    return a.visible == b.visible;
}
}  // namespace

StyleCommand::StyleCommand(Apply apply, std::string layerId, const render::LayerStyle& before,
                           const render::LayerStyle& after, const QString& text)
    : apply_(std::move(apply)), layer_(std::move(layerId)), before_(before), after_(after) {
    setText(text);
    clock_.start();
}

void StyleCommand::undo() {
    apply_(layer_, before_);
    applied_ = false;
}

void StyleCommand::redo() {
    if (applied_) return;  // pushed after the change was made
    apply_(layer_, after_);
    applied_ = true;
}

bool StyleCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const StyleCommand*>(other);
    if (!o || o->layer_ != layer_) return false;
    // Visibility changes stay separate steps; a drag of the opacity slider is one.
    if (!sameExceptLook(before_, after_) || !sameExceptLook(o->before_, o->after_)) return false;
    if (clock_.elapsed() > 2000) return false;
    after_ = o->after_;
    clock_.restart();
    return true;
}

FormCommand::FormCommand(Apply apply, std::string simulator, std::string parameter, FormValues before,
                         FormValues after, const QString& text)
    : apply_(std::move(apply)),
      simulator_(std::move(simulator)),
      parameter_(std::move(parameter)),
      before_(std::move(before)),
      after_(std::move(after)) {
    setText(text);
}

void FormCommand::undo() {
    apply_(simulator_, before_);
    applied_ = false;
}

void FormCommand::redo() {
    if (applied_) return;
    apply_(simulator_, after_);
    applied_ = true;
}

bool FormCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const FormCommand*>(other);
    if (!o || o->simulator_ != simulator_ || parameter_.empty() || o->parameter_ != parameter_) return false;
    after_ = o->after_;
    return true;
}

}  // namespace citytwin::gui
