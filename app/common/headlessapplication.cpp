#include "app/common/headlessapplication.h"

#include <QGuiApplication>

namespace mammolens::app {

std::unique_ptr<QCoreApplication> createHeadlessApplication(int& argc, char** argv, bool withFonts)
{
    if (!withFonts)
        return std::make_unique<QCoreApplication>(argc, argv);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace mammolens::app
