#pragma once
// `mammolens-cli pacs`: echo, query, retrieve and push against a PACS node, and the node list
// (docs/cli.md, "PACS"). Also the PACS side of `mammolens-cli infer --pacs`.

#include <QDate>
#include <QString>
#include <QStringList>

namespace mammolens::app {

/// Returns the process exit code: 0 success, 1 a PACS operation or file failed, 2 usage error.
int runPacsCommand(const QStringList& args);

/// Where `infer --pacs` takes its studies from.
struct PacsInferSource
{
    QString node;         ///< a configured node name, or AET@HOST:PORT
    QString localAeTitle; ///< empty: the configured one
    quint16 localPort = 0; ///< storage SCP port for C-MOVE; 0: the configured one
    QStringList studyUids;
    QDate since; ///< every MG study from this date on (when no study UID is given)
};

/// Retrieves the studies into the PACS cache (C-GET where the node supports it, else C-MOVE to a
/// storage SCP started for the purpose) and returns their cache folders. A study that fails is
/// reported on stderr and skipped; `error` is set when nothing could be retrieved at all.
QStringList retrieveForInference(const PacsInferSource& source, QString* error, bool* someFailed);

/// Stores what an infer run wrote as DICOM (CAD SRs, secondary captures: docs/exports.md) back
/// to the node the studies came from. Returns false when some file could not be stored.
bool storeInferenceResultsToPacs(const PacsInferSource& source, const QStringList& files);

} // namespace mammolens::app
