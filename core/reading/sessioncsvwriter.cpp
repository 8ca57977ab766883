#include "core/reading/sessioncsvwriter.h"

#include <QSaveFile>

namespace mammolens::core {

namespace {

QString number(const std::optional<int>& v)
{
    return v ? QString::number(*v) : QString();
}

QString time(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QStringList SessionCsvWriter::header()
{
    return {QStringLiteral("session_id"),  QStringLiteral("reader"),
            QStringLiteral("mode"),        QStringLiteral("case_set"),
            QStringLiteral("exam_key"),    QStringLiteral("phase"),
            QStringLiteral("birads_left"), QStringLiteral("birads_right"),
            QStringLiteral("recall"),      QStringLiteral("density"),
            QStringLiteral("confidence"),  QStringLiteral("findings"),
            QStringLiteral("created_at"),  QStringLiteral("updated_at"),
            QStringLiteral("revealed_at")};
}

QString SessionCsvWriter::quote(const QString& cell)
{
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) &&
        !cell.contains(QLatin1Char('\n')) && !cell.contains(QLatin1Char('\r')))
        return cell;
    QString escaped = cell;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QByteArray SessionCsvWriter::toCsv(const SessionResults& results)
{
    QString text = header().join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const Assessment& a : results.assessments) {
        const Reveal* reveal = results.reveal(a.examKey);
        const QStringList row = {
            QString::number(results.session.id),
            results.reader.login,
            toString(results.session.mode),
            results.session.caseSet,
            a.examKey,
            toString(a.phase),
            number(a.biradsLeft),
            number(a.biradsRight),
            a.recall ? QStringLiteral("1") : QStringLiteral("0"),
            a.density ? toString(*a.density) : QString(),
            number(a.confidence),
            QString::number(a.findings.size()),
            time(a.createdAt),
            time(a.updatedAt),
            reveal ? time(reveal->revealedAt) : QString(),
        };
        QStringList cells;
        for (const QString& cell : row)
            cells << quote(cell);
        text += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return text.toUtf8();
}

Outcome<int> SessionCsvWriter::write(const SessionResults& results, const QString& path)
{
    const QByteArray data = toCsv(results);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return Error{QStringLiteral("reading.write_failed"), file.errorString(), path};
    return int(results.assessments.size());
}

} // namespace mammolens::core
