#pragma once
// The case set file (issue 8, teaching): a JSON file naming a set of exams with their ground
// truth. Schema and examples: docs/teaching.md. Reading it resolves everything the store needs:
// paths become absolute, masks become boxes, and each exam's key is checked against (or taken
// from) what the exam loader calls the exam.

#include "core/reading/caseset.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>

namespace mammolens::core {

/// Stateless. Errors (source: the case set file; the message names the JSON location, e.g.
/// "cases[2].lesions[0].view"): teaching.not_found, teaching.unreadable, teaching.invalid_json,
/// teaching.schema (a missing, mistyped or unknown member, a bad value), teaching.truth_conflict
/// (a lesion on a normal breast, a malignant lesion on a breast that is not malignant),
/// teaching.duplicate_exam, teaching.mask_unreadable, teaching.mask_empty,
/// teaching.exam_not_found, teaching.exam_unreadable, teaching.exam_key (the exam path holds no
/// exam of that key, or several exams and no key was given), teaching.write_failed.
class CaseSetFile
{
public:
    /// The value of the optional "format" member, written by write().
    static constexpr const char* kFormat = "mammolens-case-set 1";

    struct Options
    {
        /// Open each case's exam path as the workstation would (ExamLoader::plan, or
        /// ExamListFile::readEntries for a .json exam list; headers only) and check that it
        /// holds the exam of `exam_key`, or take the key from it when the file gives none and
        /// the path holds exactly one exam. Off: every case must give `exam_key`, and exam paths
        /// are not looked at (the exams may be elsewhere than the file says).
        bool checkExams = true;
    };

    /// Reads and resolves the file: relative paths are relative to the file's folder.
    static Outcome<CaseSet> read(const QString& path, const Options& options);
    static Outcome<CaseSet> read(const QString& path) { return read(path, Options{}); }
    /// The same from content; relative paths resolve against `baseDir`, errors name `source`.
    static Outcome<CaseSet> parse(const QByteArray& json, const QString& baseDir,
                                  const QString& source, const Options& options);

    /// The lesion box of a mask image (PNG, stored-image pixels, non-zero = lesion): the bounding
    /// box of every non-zero pixel, as a CaseLesion with x, y, width and height set. A mask with
    /// colour channels counts a pixel that is non-zero in any colour (alpha ignored).
    /// Errors: teaching.mask_unreadable, teaching.mask_empty.
    static Outcome<CaseLesion> boxOfMask(const QString& path);

    /// The key of the exam at `examPath` that a case means: `wanted` when the path holds an exam
    /// of that id, or (wanted empty) the id of the one exam the path holds. Errors:
    /// teaching.exam_not_found, teaching.exam_unreadable, teaching.exam_key.
    static Outcome<QString> examKeyAt(const QString& examPath, const QString& wanted);

    /// The file's content for `set`, paths relative to `baseDir` where they lie under it,
    /// lesions as boxes (with their mask, if any).
    static QByteArray toJson(const CaseSet& set, const QString& baseDir);
    /// Writes toJson() (relative to the file's folder) complete or not at all.
    /// Errors: teaching.write_failed.
    static Outcome<bool> write(const CaseSet& set, const QString& path);
};

} // namespace mammolens::core
