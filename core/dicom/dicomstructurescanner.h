#pragma once
// A guard that walks a DICOM file's tag stream before DCMTK parses it. Debian's DCMTK 3.6.7
// parses nested sequences recursively and overflows the stack (a crash, not an error) on a file
// whose sequences nest 10,000 levels deep (CVE-2026-44031, FACTS.md). Only refusing such a file
// before DCMTK sees it keeps a hostile file from taking the whole workstation down. See
// docs/dicom-safety.md.

#include "core/util/outcome.h"

#include <QString>
#include <cstdint>

namespace mammolens::core {

/// Scans the raw bytes of a DICOM file (Part 10 file or bare dataset) without building any
/// object: tag, VR and length of every element, entering sequences and items, skipping every
/// other value. Iterative, so the scan itself cannot overflow the stack. Stateless and
/// thread-safe.
///
/// Handles explicit and implicit VR, little and big endian, the deflated transfer syntax,
/// defined and undefined lengths, encapsulated pixel data, and UN elements of undefined length
/// (read as implicit VR little endian sequences, as DCMTK does).
///
/// Where the stream cannot be followed the file is refused (dicom.malformed) rather than handed
/// to DCMTK: a structure the scanner does not understand is a structure whose depth it did not
/// check. Errors: dicom.not_found, dicom.unreadable, dicom.not_dicom, dicom.truncated,
/// dicom.nesting_too_deep, dicom.malformed, dicom.too_large (deflated data inflating past the
/// limit).
class DicomStructureScanner
{
public:
    struct Limits
    {
        /// Deepest sequence nesting accepted. Real objects rarely pass 6 (SR trees reach about
        /// 10); DCMTK 3.6.7 still parses 1,000. 64 leaves a wide margin on both sides.
        int maxSequenceDepth = 64;
        /// Most bytes a deflated dataset may inflate to: a zip bomb costs a bounded scan.
        std::int64_t maxInflatedBytes = std::int64_t(2) << 30;
    };

    struct Summary
    {
        bool hasMetaHeader = false;    ///< "DICM" after a 128-byte preamble
        QString transferSyntaxUid;     ///< from (0002,0010), or what the bare dataset looks like
        int maxSequenceDepth = 0;      ///< deepest nesting seen
        std::int64_t datasetBytes = 0; ///< bytes of the dataset after the meta header (inflated)
    };

    static Outcome<Summary> scan(const QString& path, const Limits& limits);
    static Outcome<Summary> scan(const QString& path) { return scan(path, Limits{}); }
};

} // namespace mammolens::core
