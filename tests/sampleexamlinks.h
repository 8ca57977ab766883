#pragma once
// Several exams in one folder, made of links to the shared sample exam's PNGs (never copies:
// ../shared/data stays the only copy of real mammograms), for tests of batches and worklists.

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

namespace mammolens::testing {

/// Makes `root`/NAME for each of `names`, each holding links to the sample exam's view PNGs and
/// masks in `sampleDir`. False when a folder or a link could not be made.
inline bool linkSampleExams(const QString& root, const QStringList& names, const QString& sampleDir)
{
    const QStringList files = QDir(sampleDir).entryList({QStringLiteral("0_?-*.png")});
    if (files.isEmpty())
        return false;
    for (const QString& name : names) {
        const QDir exam(QDir(root).filePath(name));
        if (!QDir().mkpath(exam.path()))
            return false;
        for (const QString& file : files)
            if (!QFile::link(QDir(sampleDir).filePath(file), exam.filePath(file)))
                return false;
    }
    return true;
}

} // namespace mammolens::testing
