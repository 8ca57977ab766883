#include "core/dicom/dicomdirreader.h"

#include "core/dicom/dicomstructurescanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

namespace mammolens::core {

namespace {

/// Referenced File IDs are ISO 9660 names, upper case on the disc; a copied folder may have
/// lower-cased them. Resolve each component exactly first, then ignoring case.
QString resolve(const QDir& base, const QStringList& components)
{
    QDir dir = base;
    QString path;
    for (int i = 0; i < components.size(); ++i) {
        const QString& component = components[i];
        QString found;
        if (QFileInfo::exists(dir.filePath(component))) {
            found = component;
        } else {
            const QStringList entries =
                dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
            for (const QString& entry : entries)
                if (entry.compare(component, Qt::CaseInsensitive) == 0) {
                    found = entry;
                    break;
                }
        }
        if (found.isEmpty())
            return {};
        path = dir.filePath(found);
        if (i + 1 < components.size())
            dir = QDir(path);
    }
    return path;
}

} // namespace

Outcome<DicomDirReader::Listing> DicomDirReader::imageFiles(const QString& dicomdirPath)
{
    const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(dicomdirPath);
    if (!scan)
        return scan.error();

    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(
        OFFilename(QFile::encodeName(dicomdirPath).constData()), EXS_Unknown, EGL_noChange);
    if (loaded.bad())
        return Error{QStringLiteral("dicom.malformed"),
                     QStringLiteral("DCMTK cannot parse the DICOMDIR: %1.")
                         .arg(QString::fromLatin1(loaded.text())),
                     dicomdirPath};
    DcmSequenceOfItems* records = nullptr;
    if (file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() ||
        !records)
        return Error{QStringLiteral("dicomdir.invalid"),
                     QStringLiteral("Not a DICOMDIR: no Directory Record Sequence."), dicomdirPath};

    const QDir base = QFileInfo(dicomdirPath).absoluteDir();
    Listing listing;
    for (unsigned long i = 0; i < records->card(); ++i) {
        DcmItem* record = records->getItem(i);
        OFString type;
        record->findAndGetOFString(DCM_DirectoryRecordType, type);
        if (QString::fromLatin1(type.c_str()).trimmed() != QLatin1String("IMAGE"))
            continue; // patient, study, series records; SR, presentation states, ...
        OFString id;
        if (record->findAndGetOFStringArray(DCM_ReferencedFileID, id).bad())
            continue;
        const QStringList components =
            QString::fromLatin1(id.c_str()).trimmed().split(QLatin1Char('\\'), Qt::SkipEmptyParts);
        if (components.isEmpty())
            continue;
        const QString path = resolve(base, components);
        if (path.isEmpty())
            listing.problems.push_back(
                Error{QStringLiteral("dicomdir.missing_file"),
                      QStringLiteral("The DICOMDIR lists %1, which is not on disk.")
                          .arg(components.join(QLatin1Char('/'))),
                      base.filePath(components.join(QLatin1Char('/')))});
        else
            listing.files << path;
    }
    return listing;
}

} // namespace mammolens::core
