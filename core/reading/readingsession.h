#pragma once
// One reading session (issue 8): a reader reading a list of exams in one mode. Value type.

#include <QDateTime>
#include <QString>
#include <optional>

namespace mammolens::core {

enum class ReadingMode
{
    Clinical, ///< the model's results are shown from the start
    Blinded,  ///< blinded second reading: the model stays hidden until the initial assessment
    Teaching, ///< a case set with ground truth, scored per reader
};

/// "clinical", "blinded", "teaching" (the stored spelling).
QString toString(ReadingMode mode);
std::optional<ReadingMode> readingModeFromString(const QString& text);

struct ReadingSession
{
    qint64 id = 0; ///< set by the store
    qint64 readerId = 0;
    ReadingMode mode = ReadingMode::Clinical;
    QString caseSet;     ///< teaching: the case set's name; free otherwise (a worklist's name)
    QDateTime startedAt; ///< UTC, set by the store
    QDateTime endedAt;   ///< UTC; invalid while the session is open

    bool isOpen() const { return !endedAt.isValid(); }
};

} // namespace mammolens::core
