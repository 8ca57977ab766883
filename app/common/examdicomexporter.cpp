#include "app/common/examdicomexporter.h"

#include "app/common/cadsrwriter.h"
#include "app/common/dicomexportsource.h"
#include "app/common/secondarycapturewriter.h"

#include <QDir>
#include <QFileInfo>
#include <dcmtk/dcmdata/dcuid.h>

namespace mammolens::app {

namespace {

const QString kSrFile = QStringLiteral("cad-sr.dcm");

QString scFile(core::StandardView view)
{
    return QStringLiteral("sc-%1.dcm").arg(core::toString(view));
}

} // namespace

bool ExamDicomExporter::exportable(const core::Exam& exam)
{
    if (exam.views.empty())
        return false;
    for (const auto& [view, image] : exam.views)
        if (image.sopInstanceUid.isEmpty())
            return false;
    return true;
}

core::Outcome<QStringList> ExamDicomExporter::write(const core::Exam& exam,
                                                    const ExamAnalysis& analysis,
                                                    const QString& folder, Request request)
{
    QStringList written;
    if (!request.sr && !request.sc)
        return written;
    auto source = DicomExportSource::open(analysis);
    if (!source)
        return source.error();
    const QDir dir(folder);
    if (request.sc) {
        // One series for the exam's captures, numbered in the screening order of the views.
        SecondaryCaptureWriter::Options options;
        options.seriesInstanceUid = DicomExportSource::newUid(SITE_SERIES_UID_ROOT);
        options.instanceNumber = 0;
        for (const ViewAnalysis& v : analysis.views) {
            auto image = exam.views.find(v.view);
            if (!v.prediction || image == exam.views.end())
                continue;
            ++options.instanceNumber;
            const QString path = dir.filePath(scFile(v.view));
            auto sc = SecondaryCaptureWriter::write(image->second, v, analysis, source.value(),
                                                    path, options);
            if (!sc)
                return sc.error();
            written << path;
        }
    }
    // The SR last: its presence is what a rerun checks (existing()).
    if (request.sr) {
        const QString path = dir.filePath(kSrFile);
        auto sr = CadSrWriter::write(analysis, source.value(), path, CadSrWriter::Options{});
        if (!sr)
            return sr.error();
        written << path;
    }
    return written;
}

QStringList ExamDicomExporter::existing(const QString& folder, Request request)
{
    const QDir dir(folder);
    QStringList files;
    if (request.sr) {
        if (!QFileInfo::exists(dir.filePath(kSrFile)))
            return {};
        files << dir.filePath(kSrFile);
    }
    if (request.sc) {
        const QStringList sc = dir.entryList({QStringLiteral("sc-*.dcm")}, QDir::Files, QDir::Name);
        if (sc.isEmpty())
            return {};
        for (const QString& name : sc)
            files << dir.filePath(name);
    }
    return files;
}

} // namespace mammolens::app
