#pragma once
// The application object of a program without windows (mammolens-cli). Painting text, as the
// exam report does, needs fonts, and Qt's fonts need a QGuiApplication; on the offscreen platform
// it needs no display, so a batch still runs on a server. Everything else gets the lighter
// QCoreApplication.

#include <QCoreApplication>
#include <memory>

namespace mammolens::app {

/// A QGuiApplication on the offscreen platform (whatever QT_QPA_PLATFORM says: a headless
/// program has no window to show) when `withFonts`, else a QCoreApplication. `argc` must outlive
/// the application (Qt keeps a reference), as main()'s does.
std::unique_ptr<QCoreApplication> createHeadlessApplication(int& argc, char** argv, bool withFonts);

} // namespace mammolens::app
