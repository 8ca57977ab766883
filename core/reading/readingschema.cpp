#include "core/reading/readingschema.h"

#include "core/reading/audittrail.h"

namespace mammolens::core {

const std::vector<ReadingSchema::Migration>& ReadingSchema::migrations()
{
    static const std::vector<Migration> list = [] {
        std::vector<Migration> m;
        // 1: readers, sessions, one assessment per exam and session, findings, audit trail.
        // Times are UTC ISO 8601 with milliseconds ("...Z"), which sort as text.
        QStringList v1 = {
            QStringLiteral("CREATE TABLE readers ("
                           " id INTEGER PRIMARY KEY,"
                           " login TEXT NOT NULL UNIQUE,"
                           " display_name TEXT NOT NULL,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE sessions ("
                           " id INTEGER PRIMARY KEY,"
                           " reader_id INTEGER NOT NULL REFERENCES readers(id),"
                           " started_at TEXT NOT NULL,"
                           " ended_at TEXT)"),
            QStringLiteral("CREATE TABLE assessments ("
                           " id INTEGER PRIMARY KEY,"
                           " session_id INTEGER NOT NULL REFERENCES sessions(id),"
                           " exam_key TEXT NOT NULL,"
                           " birads_left INTEGER CHECK (birads_left BETWEEN 0 AND 6),"
                           " birads_right INTEGER CHECK (birads_right BETWEEN 0 AND 6),"
                           " recall INTEGER NOT NULL CHECK (recall IN (0, 1)),"
                           " density TEXT CHECK (density IN ('A', 'B', 'C', 'D')),"
                           " notes TEXT NOT NULL DEFAULT '',"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL)"),
            QStringLiteral(
                "CREATE UNIQUE INDEX assessments_exam ON assessments (session_id, exam_key)"),
            QStringLiteral("CREATE INDEX assessments_by_exam ON assessments (exam_key)"),
            QStringLiteral("CREATE TABLE findings ("
                           " id INTEGER PRIMARY KEY,"
                           " assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
                           " ordinal INTEGER NOT NULL,"
                           " type TEXT NOT NULL CHECK (type IN ('mass', 'calcification',"
                           "  'architectural_distortion', 'asymmetry')),"
                           " breast TEXT NOT NULL CHECK (breast IN ('L', 'R')),"
                           " view TEXT NOT NULL,"
                           " x REAL NOT NULL,"
                           " y REAL NOT NULL,"
                           " radius REAL,"
                           " UNIQUE (assessment_id, ordinal))"),
        };
        v1 += AuditTrail::schemaStatements();
        m.push_back(
            {1, QStringLiteral("readers, sessions, assessments, findings, audit trail"), v1});

        // 2: blinded second reading and teaching. A session has a mode and a case set; an
        // assessment has a phase (the pre-AI one and the post-AI one of the same exam are two
        // rows) and the reader's confidence; reveals record when the model was shown.
        m.push_back(
            {2,
             QStringLiteral("session mode and case set, assessment phase and confidence, "
                            "reveals"),
             {
                 QStringLiteral("ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT "
                                "'clinical' CHECK (mode IN ('clinical', 'blinded', 'teaching'))"),
                 QStringLiteral("ALTER TABLE sessions ADD COLUMN case_set TEXT NOT NULL "
                                "DEFAULT ''"),
                 QStringLiteral("ALTER TABLE assessments ADD COLUMN phase TEXT NOT NULL DEFAULT "
                                "'initial' CHECK (phase IN ('initial', 'post_ai'))"),
                 QStringLiteral("ALTER TABLE assessments ADD COLUMN confidence INTEGER "
                                "CHECK (confidence BETWEEN 0 AND 100)"),
                 QStringLiteral("DROP INDEX assessments_exam"),
                 QStringLiteral("CREATE UNIQUE INDEX assessments_exam_phase ON assessments "
                                "(session_id, exam_key, phase)"),
                 QStringLiteral("CREATE TABLE reveals ("
                                " id INTEGER PRIMARY KEY,"
                                " session_id INTEGER NOT NULL REFERENCES sessions(id),"
                                " exam_key TEXT NOT NULL,"
                                " model TEXT NOT NULL DEFAULT '',"
                                " revealed_at TEXT NOT NULL,"
                                " UNIQUE (session_id, exam_key))"),
             }});

        // 3: teaching case sets with their ground truth: per case the exam key and each
        // breast's truth, per lesion a box in stored-image pixels (from a mask at import).
        m.push_back(
            {3,
             QStringLiteral("teaching case sets: case_sets, case_truth, case_lesions"),
             {
                 QStringLiteral("CREATE TABLE case_sets ("
                                " id INTEGER PRIMARY KEY,"
                                " name TEXT NOT NULL UNIQUE,"
                                " description TEXT NOT NULL DEFAULT '',"
                                " source TEXT NOT NULL DEFAULT '',"
                                " imported_at TEXT NOT NULL)"),
                 QStringLiteral("CREATE TABLE case_truth ("
                                " id INTEGER PRIMARY KEY,"
                                " case_set_id INTEGER NOT NULL REFERENCES case_sets(id),"
                                " ordinal INTEGER NOT NULL,"
                                " exam_key TEXT NOT NULL,"
                                " exam_path TEXT NOT NULL DEFAULT '',"
                                " truth_left TEXT NOT NULL CHECK (truth_left IN ('normal',"
                                "  'benign', 'malignant')),"
                                " truth_right TEXT NOT NULL CHECK (truth_right IN ('normal',"
                                "  'benign', 'malignant')),"
                                " UNIQUE (case_set_id, ordinal),"
                                " UNIQUE (case_set_id, exam_key))"),
                 QStringLiteral("CREATE TABLE case_lesions ("
                                " id INTEGER PRIMARY KEY,"
                                " case_id INTEGER NOT NULL REFERENCES case_truth(id),"
                                " ordinal INTEGER NOT NULL,"
                                " breast TEXT NOT NULL CHECK (breast IN ('L', 'R')),"
                                " view TEXT NOT NULL CHECK (view IN ('CC', 'MLO')),"
                                " pathology TEXT NOT NULL CHECK (pathology IN ('benign',"
                                "  'malignant')),"
                                " x INTEGER NOT NULL CHECK (x >= 0),"
                                " y INTEGER NOT NULL CHECK (y >= 0),"
                                " width INTEGER NOT NULL CHECK (width > 0),"
                                " height INTEGER NOT NULL CHECK (height > 0),"
                                " mask TEXT NOT NULL DEFAULT '',"
                                " UNIQUE (case_id, ordinal))"),
             }});

        // 4: the reader's uncommitted edits, so that a crash or a kill of the workstation does
        // not lose them and the session can be resumed (DraftStore). One draft per exam and
        // session; the form's phase is in its content.
        m.push_back(
            {4,
             QStringLiteral("drafts of uncommitted assessments"),
             {
                 QStringLiteral("CREATE TABLE drafts ("
                                " session_id INTEGER NOT NULL REFERENCES sessions(id),"
                                " exam_key TEXT NOT NULL,"
                                " content TEXT NOT NULL,"
                                " saved_at TEXT NOT NULL,"
                                " PRIMARY KEY (session_id, exam_key))"),
             }});
        return m;
    }();
    return list;
}

} // namespace mammolens::core
