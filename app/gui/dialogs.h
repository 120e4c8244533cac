#pragma once
// Message boxes that do not block the event loop (the GUI keeps drawing and tests keep running).

#include <QMessageBox>
#include <QString>

namespace citytwin::gui {

/// Shows a window-modal message box and returns at once; it deletes itself when closed.
inline QMessageBox* showMessage(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                const QString& text) {
    auto* box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setObjectName("messageBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
    return box;
}

}  // namespace citytwin::gui
