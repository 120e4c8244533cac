#pragma once
// Message boxes that do not block the event loop (the GUI keeps drawing and tests keep running), and the
// texts of standard buttons in the interface language (Qt's own translations, package qt6-translations-l10n,
// may be absent).

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPushButton>
#include <QString>

namespace citytwin::gui {

/// The text of a standard button in the interface language ("" when there is none to give).
inline QString standardButtonText(int button) {
    switch (button) {
        case QDialogButtonBox::Ok:
            return QCoreApplication::translate("Dialogs", "OK");
        case QDialogButtonBox::Cancel:
            return QCoreApplication::translate("Dialogs", "Cancel");
        case QDialogButtonBox::Save:
            return QCoreApplication::translate("Dialogs", "Save");
        case QDialogButtonBox::Discard:
            return QCoreApplication::translate("Dialogs", "Discard");
        case QDialogButtonBox::Close:
            return QCoreApplication::translate("Dialogs", "Close");
        case QDialogButtonBox::Yes:
            return QCoreApplication::translate("Dialogs", "Yes");
        case QDialogButtonBox::No:
            return QCoreApplication::translate("Dialogs", "No");
        case QDialogButtonBox::Help:
            return QCoreApplication::translate("Dialogs", "Help");
        default:
            return {};
    }
}

/// Gives a button box's standard buttons their texts in the interface language.
inline void translateButtons(QDialogButtonBox* box) {
    for (QAbstractButton* b : box->buttons()) {
        const QString t = standardButtonText(box->standardButton(b));
        if (!t.isEmpty()) b->setText(t);
    }
}

/// Gives a message box's standard buttons their texts in the interface language.
inline void translateButtons(QMessageBox* box) {
    for (QAbstractButton* b : box->buttons()) {
        const QString t = standardButtonText(box->standardButton(b));
        if (!t.isEmpty()) b->setText(t);
    }
}

/// Shows a window-modal message box and returns at once; it deletes itself when closed.
inline QMessageBox* showMessage(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                const QString& text) {
    auto* box = new QMessageBox(icon, title, text, QMessageBox::Ok, parent);
    box->setObjectName("messageBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    translateButtons(box);
    box->open();
    return box;
}

}  // namespace citytwin::gui
