#pragma once
// One exam of the worklist as the interface shows it: plain values handed over by app/, which
// owns the exams, runs the model and keeps the reading records (ui/ never sees the engine).

#include <QCoreApplication>
#include <QString>
#include <optional>

namespace mammolens::ui {

/// Where an exam stands in the reading workflow, in workflow order (the status column sorts so).
enum class WorklistStatus
{
    New,
    ModelDone,
    Read,
    Reviewed
};

/// The text a reader sees for a status. A free function rather than tr() because the enum has no
/// QObject to hang a context on; lupdate picks up the literal context below.
inline QString worklistStatusText(WorklistStatus status)
{
    switch (status) {
    case WorklistStatus::New:
        return QCoreApplication::translate("mammolens::ui::WorklistStatus", "New");
    case WorklistStatus::ModelDone:
        return QCoreApplication::translate("mammolens::ui::WorklistStatus", "Model done");
    case WorklistStatus::Read:
        return QCoreApplication::translate("mammolens::ui::WorklistStatus", "Read");
    case WorklistStatus::Reviewed:
        return QCoreApplication::translate("mammolens::ui::WorklistStatus", "Reviewed");
    }
    return {};
}

struct WorklistEntry
{
    QString label; ///< exam label shown: folder or study name, never the patient's name
    QString key;   ///< exam key, for app/ to find the exam again; not shown
    int views = -1; ///< number of views the exam holds; -1 until its files were read
    WorklistStatus status = WorklistStatus::New;
    std::optional<double> malignancy; ///< exam-level malignant score, max over views; none until
                                      ///< the model ran
    std::optional<double> benign;     ///< exam-level benign score, max over views
    QString model;                    ///< short identity of the model that produced the scores
    QString error; ///< non-empty when loading or inference failed for this exam: why
    /// The reader changed its assessment without committing: marked so that, after a resume,
    /// the exams still to finish stand out.
    bool uncommitted = false;
};

} // namespace mammolens::ui
