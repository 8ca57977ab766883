#pragma once
// `mammolens-cli inspect`: what the loader understood of a DICOM file and why, without the UI.

#include "core/dicom/dicomimagereader.h"
#include "core/dicom/dicominspection.h"

#include <QString>

namespace mammolens::core {

/// Runs the full DicomImageReader path (so the report shows exactly what loading would do,
/// decoding included) and keeps the report rather than the pixels. Stateless and thread-safe.
class DicomInspector
{
public:
    static DicomInspection inspect(const QString& path, const DicomImageReader::Options& options);
    static DicomInspection inspect(const QString& path)
    {
        return inspect(path, DicomImageReader::Options{});
    }

    /// A plain-text report, one "key: value" line per fact, for terminals and bug reports. It
    /// contains no patient attributes (the inspection holds none).
    static QString toText(const DicomInspection& inspection);
};

} // namespace mammolens::core
