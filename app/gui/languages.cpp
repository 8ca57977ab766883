#include "app/gui/languages.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace mammolens::app {

namespace {
const QString kDir = QStringLiteral(":/translations");
const QString kKey = QStringLiteral("ui/language");
} // namespace

QStringList availableLanguages()
{
    QStringList codes{QStringLiteral("en")};
    for (const QString& f : QDir(kDir).entryList({QStringLiteral("mammolens_*.qm")}))
        codes << f.mid(10, f.size() - 13); // "mammolens_de.qm" -> "de"
    return codes;
}

bool installLanguage(QCoreApplication& app, const QString& code)
{
    const QLocale locale = code == QLatin1String("system") ? QLocale::system() : QLocale(code);
    if (locale.language() == QLocale::English)
        return true;
    auto* ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("mammolens"), QStringLiteral("_"), kDir)) {
        delete ours;
        return false;
    }
    app.installTranslator(ours);
    // Qt's own strings (standard dialogs and buttons), when Debian ships them.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;
    return true;
}

QString chosenLanguage()
{
    return QSettings().value(kKey, QStringLiteral("system")).toString();
}

void setChosenLanguage(const QString& code)
{
    QSettings().setValue(kKey, code);
}

} // namespace mammolens::app
