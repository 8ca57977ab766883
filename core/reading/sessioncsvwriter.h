#pragma once
// The CSV of one reading session's results (issue 8): one row per exam, reader and phase, for
// spreadsheets and the reader-study statistics. Written atomically (QSaveFile).

#include "core/reading/sessionresults.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mammolens::core {

/// Columns (header line first, UTF-8, '\n' line ends, RFC 4180 quoting):
///   session_id, reader, mode, case_set, exam_key, phase, birads_left, birads_right, recall,
///   density, confidence, findings, created_at, updated_at, revealed_at
/// An absent value is an empty cell; recall is 0/1; findings is the number of marks; times are
/// UTC ISO 8601 with milliseconds; revealed_at is the exam's reveal (blinded reading), if any.
/// Free-text notes are left out: they are not tabular and may say more than a table should.
class SessionCsvWriter
{
public:
    static QStringList header();
    static QByteArray toCsv(const SessionResults& results);
    /// Writes toCsv() to `path` complete or not at all; returns the number of rows.
    /// Errors: reading.write_failed.
    static Outcome<int> write(const SessionResults& results, const QString& path);
    /// A cell quoted when it holds a comma, a quote or a line break.
    static QString quote(const QString& cell);
};

} // namespace mammolens::core
