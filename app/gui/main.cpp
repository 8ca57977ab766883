// mammolens: the review workstation.
// usage: mammolens [--model FILE]... [EXAM...]  opens the exams with those models and runs them.

#include "app/common/versioninfo.h"
#include "app/gui/languages.h"
#include "app/gui/workstationcontroller.h"
#include "core/logging/log.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MammoLens"));
    QApplication::setApplicationName(QStringLiteral("mammolens"));
    QApplication::setApplicationDisplayName(QStringLiteral("MammoLens"));
    QApplication::setApplicationVersion(QStringLiteral(MAMMOLENS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mammolens.svg")));

    mammolens::app::installLanguage(app, mammolens::app::chosenLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Screening mammography review workstation"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("model"), QStringLiteral("GMIC model file (repeat for an ensemble)."),
                      QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("exam"), QStringLiteral("Exam folders or files to open."));
    parser.process(app);

    mammolens::core::log::init({});
    mammolens::core::log::get("app")->info("MammoLens {} starting", MAMMOLENS_VERSION);

    mammolens::ui::MainWindow window(mammolens::app::allLibraryVersions());
    mammolens::app::WorkstationController controller(window);
    window.setLanguages(mammolens::app::availableLanguages(), mammolens::app::chosenLanguage());
    QObject::connect(&window, &mammolens::ui::MainWindow::languageRequested, &window,
                     [](const QString& code) { mammolens::app::setChosenLanguage(code); });
    QStringList models = parser.values(QStringLiteral("model"));
    if (models.isEmpty())
        models = QSettings().value(QStringLiteral("models/files")).toStringList();
    if (!models.isEmpty())
        controller.loadModels(models);
    if (!parser.positionalArguments().isEmpty())
        controller.open(parser.positionalArguments());
    window.show();
    return app.exec();
}
