#pragma once
// Exams for the PACS tests, written by our own DicomMammogramWriter (as tests/dicom does).

#include "../dicom/dicomtestfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QStringList>
#include <dcmtk/dcmdata/dcdeftag.h>

namespace pacstest {

using namespace mammolens::core;

struct TestExam
{
    QString studyUid;
    QString patientId;
    QString patientName;
    QString accession;
    QDate date;
    QStringList files;
};

/// `images` images of rows x columns cycling through the four standard views, one series per
/// view, in `folder`.
inline TestExam writeExam(const QString& folder, const QString& patientId,
                          const QString& patientName, const QString& accession, QDate date,
                          int images = 4, int rows = 96, int columns = 64)
{
    TestExam exam;
    exam.patientId = patientId;
    exam.patientName = patientName;
    exam.accession = accession;
    exam.date = date;
    char uid[100];
    exam.studyUid = QString::fromLatin1(dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
    QString seriesUids[4];
    for (QString& s : seriesUids)
        s = QString::fromLatin1(dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
    QDir().mkpath(folder);
    for (int i = 0; i < images; ++i) {
        const StandardView view = kStandardViews[i % 4];
        DicomMammogramWriter::Options o;
        o.studyInstanceUid = exam.studyUid;
        o.seriesInstanceUid = seriesUids[i % 4];
        o.seriesNumber = i % 4 + 1;
        o.instanceNumber = i / 4 + 1;
        o.patientId = patientId;
        o.patientName = patientName;
        o.acquisitionDateTime = QDateTime(date, QTime(9, 30, i));
        const QString path = QDir(folder).filePath(QStringLiteral("%1.dcm").arg(i));
        if (!dicomtest::write(dicomtest::syntheticImage(view, rows, columns), path, o))
            return {};
        dicomtest::modify(path, [&](DcmDataset* ds) {
            ds->putAndInsertString(DCM_AccessionNumber, accession.toLatin1().constData());
            ds->putAndInsertString(
                DCM_StudyDate, date.toString(QStringLiteral("yyyyMMdd")).toLatin1().constData());
        });
        exam.files << path;
    }
    return exam;
}

/// Every file under `folder`, recursively.
inline QStringList filesUnder(const QString& folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace pacstest
