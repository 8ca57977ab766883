#pragma once
// The output folder of `mammolens-cli infer`. Each exam's result is written on its own, atomically
// (exams/<key>/result.json), and the aggregate files (predictions.csv, breasts.csv, results.json)
// are rebuilt from those, so a batch that is killed and rerun resumes where it stopped and never
// leaves a half-written file. Folder names are hashes of the exam id, never the id itself.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mammolens::app {

class BatchOutputDir
{
public:
    explicit BatchOutputDir(QString dir) : dir_(std::move(dir)) {}

    bool prepare(QString* error) const;
    const QString& path() const { return dir_; }
    QString examFolder(const QString& examId) const;

    /// True when the exam's result exists, is complete and came from exactly these models.
    bool isComplete(const QString& examId, const QStringList& modelIds) const;
    bool writeExam(const QJsonObject& exam, QString* error) const;
    /// Rebuilds predictions.csv, breasts.csv and results.json from every exam result present.
    bool writeAggregates(QString* error) const;

    static bool writeFileAtomically(const QString& path, const QByteArray& data, QString* error);

private:
    QString dir_;
};

} // namespace mammolens::app
