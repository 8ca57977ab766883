#pragma once
// The interface languages compiled into the workstation and the one the reader chose.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace mammolens::app {

/// Language codes available: "en" (the source language) and every compiled translation.
QStringList availableLanguages();
/// Installs the translator for `code` ("system" = the desktop's locale); false if none matched
/// (the interface then stays in English).
bool installLanguage(QCoreApplication& app, const QString& code);
/// The reader's choice from QSettings ("system" by default).
QString chosenLanguage();
void setChosenLanguage(const QString& code);

} // namespace mammolens::app
