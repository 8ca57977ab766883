// mammolens: the review workstation.
// usage: mammolens [--model FILE]... [EXAM...]  opens the exams with those models and runs them.
//        mammolens --demo                      the demo model on a generated demo exam.

#include "app/common/demoassets.h"
#include "app/common/versioninfo.h"
#include "inference/util/version.h"
#include "app/gui/languages.h"
#include "app/gui/quitsignals.h"
#include "app/gui/readingcontroller.h"
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
    parser.addOption({QStringLiteral("demo"),
                      QStringLiteral("Open a generated demo exam with the demo model (trained on "
                                     "synthetic phantoms, not for clinical use).")});
    parser.addPositionalArgument(QStringLiteral("exam"), QStringLiteral("Exam folders or files to open."));
    parser.process(app);

    mammolens::core::log::init({});
    mammolens::core::log::get("app")->info("MammoLens {} starting", MAMMOLENS_VERSION);

    mammolens::ui::MainWindow window(mammolens::app::allLibraryVersions());
    mammolens::app::WorkstationController controller(window);
    mammolens::app::ReadingController reading(window, controller);
    window.setCudaAvailable(mammolens::inference::engineVersionInfo().cudaAvailable);
    window.setLanguages(mammolens::app::availableLanguages(), mammolens::app::chosenLanguage());
    QObject::connect(&window, &mammolens::ui::MainWindow::languageRequested, &window,
                     [](const QString& code) { mammolens::app::setChosenLanguage(code); });
    using mammolens::app::DemoAssets;
    const bool demo = parser.isSet(QStringLiteral("demo"));
    QStringList models = parser.values(QStringLiteral("model"));
    if (models.isEmpty() && !demo)
        models = QSettings().value(QStringLiteral("models/files")).toStringList();
    // With no model chosen, the demo model (never presented as a diagnosis: its provenance is
    // "demo" and the window says so) keeps a fresh installation working out of the box.
    if (models.isEmpty() && !DemoAssets::modelPath().isEmpty())
        models << DemoAssets::modelPath();
    if (!models.isEmpty())
        controller.loadModels(models);
    QStringList exams = parser.positionalArguments();
    if (demo && exams.isEmpty()) {
        auto exam = DemoAssets::demoExam();
        if (exam)
            exams << exam.value();
        else
            mammolens::core::log::get("app")->error("demo exam: {}",
                                                    exam.error().message.toStdString());
    }
    if (!exams.isEmpty())
        controller.open(exams);
    // A logout or shutdown (SIGTERM) keeps the reader's uncommitted changes and leaves the
    // session open to be resumed, without the close question nobody is there to answer.
    mammolens::app::QuitSignals quitSignals;
    QObject::connect(&quitSignals, &mammolens::app::QuitSignals::received, &app, [&](int sig) {
        mammolens::core::log::get("app")->info(
            "{} received: keeping uncommitted changes and quitting",
            mammolens::app::QuitSignals::name(sig).toStdString());
        reading.suspendSession();
        QCoreApplication::exit(128 + sig); // not quit(): that would ask the windows to close
    });
    window.show();
    return app.exec();
}
