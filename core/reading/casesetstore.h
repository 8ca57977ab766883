#pragma once
// The teaching case sets' tables of the reading store (issue 8, schema version 3): case_sets,
// case_truth and case_lesions. ReadingStore owns the connection and checks that it is open and
// writable; this class holds the SQL.

#include "core/reading/caseset.h"
#include "core/util/outcome.h"

#include <QString>
#include <QVariantList>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Works on an open Qt Sql connection (by name) that the caller owns; not thread-safe, like the
/// connection itself: use it on the connection's thread.
class CaseSetStore
{
public:
    explicit CaseSetStore(QString connectionName);

    /// Stores the set with every case and lesion in one write transaction with its audit
    /// entries (action "import", entity "case_set"); returns it with id and importedAt set.
    /// Errors: reading.invalid (CaseSet::validate), reading.duplicate (the name is taken),
    /// reading.sql, reading.busy.
    Outcome<CaseSet> importCaseSet(const CaseSet& set, const QString& actor) const;
    /// Every case set with its cases, by name.
    Outcome<std::vector<CaseSet>> caseSets() const;
    Outcome<std::optional<CaseSet>> caseSet(const QString& name) const;

    /// The case set as the audit trail records it: compact JSON of its cases' exam keys, truth
    /// and lesion boxes ([{"exam_key","left","right","lesions":[{"breast","view","class","x",
    /// "y","width","height"}]}]); exam and mask paths are left out (they move with the files).
    static QString truthText(const CaseSet& set);

private:
    Outcome<std::vector<CaseSet>> load(const QString& where, const QVariantList& binds) const;

    QString connectionName_;
};

} // namespace mammolens::core
