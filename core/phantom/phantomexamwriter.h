#pragma once
// Writes a phantom exam as a DICOM mammography exam: DIR/<exam id>/ with L-CC.dcm, R-CC.dcm,
// L-MLO.dcm, R-MLO.dcm (through DicomMammogramWriter), the lesion masks `<view>_benign.png` and
// `<view>_malignant.png` where the view has such a finding (GroundTruthMasks' convention), and
// exam.json, the exam's manifest entry. The folder is written as `<id>.partial` and renamed when
// complete, so an interrupted run never leaves a half-written exam under its real name.

#include "core/phantom/phantomexam.h"
#include "core/phantom/phantomoptions.h"
#include "core/util/outcome.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace mammolens::core {

/// Stateless apart from the output folder; exams with different ids may be written concurrently.
class PhantomExamWriter
{
public:
    static constexpr const char* kGenerator = "mammolens-phantom 1";

    explicit PhantomExamWriter(QString outputDir) : dir_(std::move(outputDir)) {}

    /// A DICOM UID under the UUID-derived root 2.25 (PS3.5 B.2): a name-based (SHA-1) UUID of
    /// ("mammolens-phantom", seed, index, what), so every run names the same exam the same way.
    static QString uid(std::uint64_t seed, int index, const QString& what);

    /// True when DIR/<id>/exam.json exists and was written by this generator for these options.
    bool isComplete(const QString& examId, std::uint64_t seed, int index,
                    const PhantomOptions& options) const;

    /// Writes the exam; returns its manifest entry (also stored as exam.json). Errors:
    /// phantom.write_failed (with the file), or the DICOM writer's.
    Outcome<QJsonObject> write(const PhantomExam& exam, const PhantomOptions& options) const;

private:
    QString dir_;
};

} // namespace mammolens::core
