#pragma once
// The moment the model's results were shown to the reader for one exam of a session (issue 8,
// blinded second reading). Value type.

#include <QDateTime>
#include <QString>

namespace mammolens::core {

struct Reveal
{
    qint64 id = 0; ///< set by the store
    qint64 sessionId = 0;
    QString examKey;
    QString model;        ///< the identity of the model(s) whose results were shown
    QDateTime revealedAt; ///< UTC, set by the store
};

} // namespace mammolens::core
