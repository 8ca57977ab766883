#pragma once
// The image files a DICOMDIR (PS3.10 media directory) lists, resolved against the folder the
// DICOMDIR sits in.

#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mammolens::core {

/// Stateless and thread-safe. The DICOMDIR itself goes through DicomStructureScanner before DCMTK
/// parses it, like every other DICOM file.
class DicomDirReader
{
public:
    struct Listing
    {
        QStringList files;           ///< existing files of IMAGE records, in record order
        std::vector<Error> problems; ///< dicomdir.missing_file for each record whose file is gone
    };

    /// Errors: the scanner's (dicom.*), dicomdir.invalid (no Directory Record Sequence).
    static Outcome<Listing> imageFiles(const QString& dicomdirPath);
};

} // namespace mammolens::core
