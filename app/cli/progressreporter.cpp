#include "app/cli/progressreporter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

namespace mammolens::app {

namespace {

void printJson(const QJsonObject& o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace

ProgressReporter::Mode ProgressReporter::detect(bool json)
{
    if (json)
        return Mode::Json;
    return isatty(fileno(stdout)) ? Mode::Bar : Mode::Lines;
}

void ProgressReporter::clearBar()
{
    if (barShown_) {
        std::printf("\r\033[K");
        barShown_ = false;
    }
}

void ProgressReporter::stage(int exam, int exams, const QString& key, const QString& view,
                             const QString& stage)
{
    switch (mode_) {
    case Mode::Json:
        printJson({{QStringLiteral("event"), QStringLiteral("stage")},
                   {QStringLiteral("exam"), exam + 1},
                   {QStringLiteral("exams"), exams},
                   {QStringLiteral("key"), key},
                   {QStringLiteral("view"), view},
                   {QStringLiteral("stage"), stage}});
        break;
    case Mode::Bar: {
        constexpr int kWidth = 30;
        const int filled = exams > 0 ? kWidth * exam / exams : 0;
        std::printf("\r\033[K[%s%s] %d/%d %s %s", QByteArray(filled, '=').constData(),
                    QByteArray(kWidth - filled, ' ').constData(), exam + 1, exams,
                    qPrintable(view), qPrintable(stage));
        std::fflush(stdout);
        barShown_ = true;
        break;
    }
    case Mode::Lines:
        break; // one line per exam is enough for a log file
    }
}

void ProgressReporter::examFinished(int exam, int exams, const QString& key, const QString& status,
                                    const QString& detail)
{
    if (mode_ == Mode::Json) {
        printJson({{QStringLiteral("event"), QStringLiteral("exam")},
                   {QStringLiteral("exam"), exam + 1},
                   {QStringLiteral("exams"), exams},
                   {QStringLiteral("key"), key},
                   {QStringLiteral("status"), status},
                   {QStringLiteral("detail"), detail}});
        return;
    }
    clearBar();
    std::printf("[%d/%d] %s: %s%s%s\n", exam + 1, exams, qPrintable(key), qPrintable(status),
                detail.isEmpty() ? "" : " - ", qPrintable(detail));
    std::fflush(stdout);
}

void ProgressReporter::message(const QString& text)
{
    if (mode_ == Mode::Json) {
        printJson({{QStringLiteral("event"), QStringLiteral("message")},
                   {QStringLiteral("text"), text}});
        return;
    }
    clearBar();
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

void ProgressReporter::stopped(const QString& signal, int finished, int exams)
{
    const QString text = QStringLiteral("stopped by %1: %2 of %3 exam(s) finished, nothing of the "
                                        "exam in progress was written; run the same command "
                                        "again to resume")
                             .arg(signal)
                             .arg(finished)
                             .arg(exams);
    if (mode_ == Mode::Json) {
        printJson({{QStringLiteral("event"), QStringLiteral("stopped")},
                   {QStringLiteral("signal"), signal},
                   {QStringLiteral("finished"), finished},
                   {QStringLiteral("exams"), exams},
                   {QStringLiteral("text"), text}});
        return;
    }
    message(text);
}

} // namespace mammolens::app
