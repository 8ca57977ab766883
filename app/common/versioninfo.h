#pragma once
// Every version a support request needs: MammoLens, Qt, LibTorch (+ CUDA), DCMTK, VTK, OpenCV.
// Lives in app/ because it is the only module that sees core/, ui/ and inference/ together.

#include <QList>
#include <QPair>
#include <QString>

namespace mammolens::app {

QList<QPair<QString, QString>> allLibraryVersions();
/// One "name: version" line per library.
QString versionReport();

} // namespace mammolens::app
