#pragma once
// One PACS node (issue 9): a DICOM application entity we query, retrieve from and store to.

#include "core/util/outcome.h"

#include <QString>

namespace mammolens::core {

/// A peer configured by AE title, host and port. Value type; thread-safe as any value.
struct PacsNode
{
    QString name;    ///< the user's label ("archive", "orthanc"); [A-Za-z0-9_.-], 1..64 characters
    QString aeTitle; ///< the peer's (called) AE title
    QString host;
    quint16 port = 104;
    bool supportsGet = false; ///< the node accepts C-GET (else retrieval uses C-MOVE)
    bool isDefault = false;

    /// "AET@HOST:PORT" (the form of `--peer`). Errors: pacs.invalid_peer.
    static Outcome<PacsNode> parse(const QString& spec);
    QString toSpec() const
    {
        return aeTitle + QLatin1Char('@') + host + QLatin1Char(':') + QString::number(port);
    }

    /// 1..16 characters of the default character repertoire, no backslash, not only spaces
    /// (PS3.5 6.2, VR AE).
    static bool isValidAeTitle(const QString& aeTitle);
    static bool isValidName(const QString& name);
    /// Empty when the node is usable, else what is wrong with it.
    QString validate() const;
};

} // namespace mammolens::core
