#include "app/common/dicomexportsource.h"

#include "app/common/batchoutputdir.h"

#include <QFileInfo>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <vector>

namespace mammolens::app {

namespace {

using core::Error;

QString text(DcmItem* item, const DcmTagKey& tag)
{
    OFString v;
    if (item->findAndGetOFStringArray(tag, v).bad())
        return {};
    return QString::fromLatin1(v.c_str()).trimmed();
}

/// Patient and General Study module attributes (PS3.3 C.7.1.1, C.7.2.1) that a PACS files an
/// object by, plus the character set their values are encoded in.
const DcmTagKey kPatientAndStudy[] = {
    DCM_SpecificCharacterSet,   DCM_PatientName,      DCM_PatientID,
    DCM_IssuerOfPatientID,      DCM_PatientBirthDate, DCM_PatientSex,
    DCM_StudyInstanceUID,       DCM_StudyDate,        DCM_StudyTime,
    DCM_ReferringPhysicianName, DCM_StudyID,          DCM_AccessionNumber,
    DCM_StudyDescription};

} // namespace

DicomExportSource::DicomExportSource(DicomExportSource&&) noexcept = default;
DicomExportSource& DicomExportSource::operator=(DicomExportSource&&) noexcept = default;
DicomExportSource::~DicomExportSource() = default;

core::Outcome<DicomExportSource> DicomExportSource::open(const ExamAnalysis& analysis)
{
    DicomExportSource source;
    for (const ViewAnalysis& v : analysis.views) {
        if (!v.prediction)
            continue;
        if (QFileInfo(v.source).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0)
            return Error{QStringLiteral("export.not_dicom"),
                         QStringLiteral("PNG sources carry no DICOM UIDs for a CAD SR or secondary "
                                        "capture to reference; export from DICOM images."),
                         v.source};
        auto file = std::make_unique<DcmFileFormat>();
        // Elements above 4 KiB (the pixel data) stay on disk: only the header is needed.
        if (file->loadFile(v.source.toLocal8Bit().constData(), EXS_Unknown, EGL_noChange, 4096)
                .bad())
            return Error{QStringLiteral("export.unreadable_source"),
                         QStringLiteral("The source file cannot be read again for the export."),
                         v.source};
        DcmDataset* ds = file->getDataset();
        Image image;
        image.path = v.source;
        image.sopClassUid = text(ds, DCM_SOPClassUID);
        image.sopInstanceUid = text(ds, DCM_SOPInstanceUID);
        image.seriesInstanceUid = text(ds, DCM_SeriesInstanceUID);
        image.studyInstanceUid = text(ds, DCM_StudyInstanceUID);
        // The view as the loader decided it (from whichever attribute), not a re-reading.
        image.imageLaterality = core::toString(core::lateralityOf(v.view));
        if (image.sopClassUid.isEmpty() || image.sopInstanceUid.isEmpty() ||
            image.studyInstanceUid.isEmpty())
            return Error{QStringLiteral("export.unreadable_source"),
                         QStringLiteral("The source file lacks its SOP Class, SOP Instance or "
                                        "Study Instance UID."),
                         v.source};
        if (source.studyUid_.isEmpty())
            source.studyUid_ = image.studyInstanceUid;
        else if (source.studyUid_ != image.studyInstanceUid)
            return Error{QStringLiteral("export.mixed_studies"),
                         QStringLiteral("The exam's views belong to different studies; one CAD SR "
                                        "cannot file into both."),
                         v.source};
        source.images_.emplace(v.view, std::move(image));
        source.files_.emplace(v.view, std::move(file));
    }
    if (source.images_.empty())
        return Error{QStringLiteral("export.unreadable_source"),
                     QStringLiteral("No view has a prediction to export."), analysis.examId};
    return source;
}

const DicomExportSource::Image* DicomExportSource::image(core::StandardView view) const
{
    auto found = images_.find(view);
    return found == images_.end() ? nullptr : &found->second;
}

DcmDataset* DicomExportSource::dataset(core::StandardView view) const
{
    auto found = files_.find(view);
    return found == files_.end() ? nullptr : found->second->getDataset();
}

void DicomExportSource::copyPatientAndStudy(DcmItem& target) const
{
    DcmDataset* first = files_.begin()->second->getDataset();
    for (const DcmTagKey& tag : kPatientAndStudy) {
        DcmElement* element = nullptr;
        if (first->findAndGetElement(tag, element).good() && element) {
            target.insert(static_cast<DcmElement*>(element->clone()), OFTrue);
        } else if (tag != DCM_SpecificCharacterSet && tag != DCM_IssuerOfPatientID &&
                   tag != DCM_StudyDescription) {
            // Type 2 in both modules: present, even when empty.
            target.insertEmptyElement(tag, OFTrue);
        }
    }
}

core::Outcome<bool> DicomExportSource::saveAtomically(DcmFileFormat& file, const QString& path)
{
    const E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    auto fail = [&](const QString& why) {
        return Error{QStringLiteral("export.write_failed"), why, path};
    };
    if (OFCondition c = file.validateMetaInfo(xfer); c.bad())
        return fail(QString::fromLatin1(c.text()));
    // DCMTK writes in chunks: a full buffer is reported as EC_StreamNotifyClient, drained here.
    std::vector<char> chunk(1 << 20);
    DcmOutputBufferStream stream(chunk.data(), chunk.size());
    QByteArray bytes;
    file.transferInit();
    OFCondition c;
    do {
        c = file.write(stream, xfer, EET_ExplicitLength, nullptr);
        if (c == EC_StreamNotifyClient || c.good()) {
            if (c.good())
                stream.flush();
            void* data = nullptr;
            offile_off_t length = 0;
            stream.flushBuffer(data, length);
            bytes.append(static_cast<const char*>(data), qsizetype(length));
        }
    } while (c == EC_StreamNotifyClient);
    file.transferEnd();
    if (c.bad())
        return fail(QString::fromLatin1(c.text()));
    QString error;
    if (!BatchOutputDir::writeFileAtomically(path, bytes, &error))
        return fail(error);
    return true;
}

QString DicomExportSource::newUid(const char* root)
{
    char buffer[100];
    return QString::fromLatin1(dcmGenerateUniqueIdentifier(buffer, root));
}

} // namespace mammolens::app
