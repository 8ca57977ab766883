#pragma once
// Versions of the libraries core/ is built on, for `mammolens-cli --version` and the About box.

#include <QList>
#include <QPair>
#include <QString>

namespace mammolens::core {

/// (name, version) pairs: MammoLens, Qt (run time and build), DCMTK, OpenCV, spdlog.
QList<QPair<QString, QString>> coreLibraryVersions();

} // namespace mammolens::core
