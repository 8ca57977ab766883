#pragma once
// Writes a Digital Mammography X-Ray Image "for presentation" object (PS3.3 A.26.1) from a 16-bit
// image and its view: test data now, exports and the demo later.

#include "core/exam/mammogramimage.h"
#include "core/util/outcome.h"

#include <QDateTime>
#include <QString>

namespace mammolens::core {

/// One image per call; thread-safe (no shared state besides DCMTK's codec registry).
///
/// The pixels are written losslessly, in any supported transfer syntax and as MONOCHROME2 or
/// MONOCHROME1, with one window that spans the stored range exactly: DicomImageReader therefore
/// reads the very pixels back. Written modules and their type 1 and 2 attributes: Patient, General
/// Study, General Series, Mammography Series, DX Series, General Equipment, General Image,
/// General Acquisition, Image Pixel, Acquisition Context, DX Anatomy Imaged, DX Image, DX Detector,
/// DX Positioning, Mammography Image, VOI LUT, SOP Common. Patient attributes are empty (type 2)
/// unless the options fill them.
///
/// Errors: dicom.write_invalid_image (empty, not 8 or 16-bit single channel, values beyond
/// BitsStored, a view without a CID 4014 code, a view with modifiers such as "spot compression
/// CC": no View Modifier codes are written), dicom.write_failed (encoder or file system).
class DicomMammogramWriter
{
public:
    enum class TransferSyntax
    {
        ImplicitLittleEndian,
        ExplicitLittleEndian,
        ExplicitBigEndian,
        DeflatedExplicitLittleEndian,
        JpegLossless,   ///< JPEG lossless, process 14, selection value 1 (1.2.840.10008.1.2.4.70)
        JpegLsLossless, ///< 1.2.840.10008.1.2.4.80
        Rle,            ///< 1.2.840.10008.1.2.5
        /// JPEG 2000 lossless only (1.2.840.10008.1.2.4.90): Jpeg2000Codec (OpenJPEG), reversible
        /// 5/3 wavelet, one fragment per frame after an empty Basic Offset Table.
        Jpeg2000Lossless,
    };
    static constexpr TransferSyntax kTransferSyntaxes[] = {
        TransferSyntax::ImplicitLittleEndian,
        TransferSyntax::ExplicitLittleEndian,
        TransferSyntax::ExplicitBigEndian,
        TransferSyntax::DeflatedExplicitLittleEndian,
        TransferSyntax::JpegLossless,
        TransferSyntax::JpegLsLossless,
        TransferSyntax::Rle,
        TransferSyntax::Jpeg2000Lossless};
    static QString toString(TransferSyntax syntax); ///< "explicit-le", "jpeg-ls", ... (file names)

    enum class Photometric
    {
        Monochrome2,
        Monochrome1
    };

    struct Options
    {
        TransferSyntax transferSyntax = TransferSyntax::ExplicitLittleEndian;
        Photometric photometric = Photometric::Monochrome2;
        /// 0: the smallest depth of at least 12 bits that holds the largest pixel value.
        int bitsStored = 0;
        /// Empty: generated. Give the same study UID to every view of one exam.
        QString studyInstanceUid;
        QString seriesInstanceUid;
        QString sopInstanceUid;
        QString patientName; ///< type 2: empty unless given
        QString patientId;   ///< type 2: empty unless given
        QString seriesDescription;
        int seriesNumber = 1;
        int instanceNumber = 1;
        /// Acquisition and content time; invalid: the image's, else now.
        QDateTime acquisitionDateTime;
        /// Imager Pixel Spacing (type 1) when the image carries none. 0.1 mm is typical of
        /// full-field digital mammography detectors; it is a placeholder, not a measurement.
        double defaultSpacingMm = 0.1;
    };

    /// Writes `image.pixels` with its laterality, position and view name to `path` (atomically:
    /// a temporary file renamed into place). Returns the SOP Instance UID written.
    static Outcome<QString> write(const MammogramImage& image, const QString& path,
                                  const Options& options);
};

} // namespace mammolens::core
