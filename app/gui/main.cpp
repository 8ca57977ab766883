// mammolens: the review workstation.

#include "app/common/versioninfo.h"
#include "core/logging/log.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MammoLens"));
    QApplication::setApplicationName(QStringLiteral("mammolens"));
    QApplication::setApplicationDisplayName(QStringLiteral("MammoLens"));
    QApplication::setApplicationVersion(QStringLiteral(MAMMOLENS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mammolens.svg")));
    mammolens::core::log::init({});
    mammolens::core::log::get("app")->info("MammoLens {} starting", MAMMOLENS_VERSION);

    mammolens::ui::MainWindow window(mammolens::app::allLibraryVersions());
    window.show();
    return app.exec();
}
