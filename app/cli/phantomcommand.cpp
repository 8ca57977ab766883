#include "app/cli/phantomcommand.h"

#include "core/phantom/phantomcaseset.h"
#include "core/phantom/phantomexamwriter.h"
#include "core/phantom/phantomgenerator.h"
#include "core/phantom/phantommanifest.h"
#include "core/reading/casesetfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <cstdio>
#include <limits>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

int usage(const char* problem)
{
    if (problem)
        std::fprintf(stderr, "mammolens-cli phantom: %s\n", problem);
    std::fprintf(stderr, "usage: mammolens-cli phantom [--seed N] [--count N] [--first-index I]\n"
                         "                             [--size ROWSxCOLS] [--lesion-contrast X]\n"
                         "                             [--case-set FILE] --out DIR\n");
    return kUsage;
}

QString describe(const core::PhantomExam& exam)
{
    QString text = QStringLiteral("density %1").arg(exam.density);
    for (const core::PhantomView& view : exam.views) {
        if (view.view != core::StandardView::LCC && view.view != core::StandardView::RCC)
            continue; // a finding shows in both views of its breast: the CC says it
        const QString side =
            view.view == core::StandardView::LCC ? QStringLiteral("left") : QStringLiteral("right");
        QStringList findings;
        for (const core::PhantomLesionRecord& l : view.lesions)
            findings << core::toString(l.type);
        text += QStringLiteral(", %1 %2").arg(
            side, findings.isEmpty() ? QStringLiteral("normal") : findings.join(QLatin1Char('+')));
    }
    return text;
}

} // namespace

int runPhantomCommand(const QStringList& rawArgs)
{
    QStringList args = rawArgs;
    QString out, caseSetFile;
    quint64 seed = 0;
    int count = 1, firstIndex = 0;
    core::PhantomOptions options;
    while (!args.isEmpty()) {
        const QString name = args.takeFirst();
        if (args.isEmpty())
            return usage(qPrintable(QStringLiteral("%1 needs a value").arg(name)));
        const QString value = args.takeFirst();
        bool ok = true;
        if (name == QLatin1String("--out")) {
            out = value;
        } else if (name == QLatin1String("--case-set")) {
            caseSetFile = value;
            ok = !value.isEmpty();
        } else if (name == QLatin1String("--seed")) {
            seed = value.toULongLong(&ok);
            ok = ok && seed <= quint64(std::numeric_limits<qint64>::max());
        } else if (name == QLatin1String("--count")) {
            count = value.toInt(&ok);
            ok = ok && count >= 1;
        } else if (name == QLatin1String("--first-index")) {
            firstIndex = value.toInt(&ok);
            ok = ok && firstIndex >= 0 && firstIndex <= 99999;
        } else if (name == QLatin1String("--size")) {
            const QStringList parts = value.toLower().split(QLatin1Char('x'));
            bool rowsOk = false, colsOk = false;
            if (parts.size() == 2) {
                options.rows = parts[0].toInt(&rowsOk);
                options.cols = parts[1].toInt(&colsOk);
            }
            // Below about 200 x 160 pixels (1.2 mm each) a breast is a blur; DICOM stops at 65535.
            ok = rowsOk && colsOk && options.rows >= 200 && options.cols >= 160 &&
                 options.rows <= 65535 && options.cols <= 65535;
        } else if (name == QLatin1String("--lesion-contrast")) {
            options.lesionContrast = value.toDouble(&ok);
            ok = ok && options.lesionContrast >= 0.25 && options.lesionContrast <= 5.0;
        } else {
            return usage(qPrintable(QStringLiteral("unknown option %1").arg(name)));
        }
        if (!ok)
            return usage(qPrintable(QStringLiteral("invalid %1 '%2'").arg(name, value)));
    }
    if (out.isEmpty())
        return usage("--out DIR is required");
    if (qint64(firstIndex) + count - 1 > 99999)
        return usage("exam indices go up to 99999");
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "mammolens-cli phantom: cannot create %s\n", qPrintable(out));
        return kFailed;
    }

    const core::PhantomGenerator generator(options);
    const core::PhantomExamWriter writer(out);
    std::printf("phantom: %d exam(s) of %d x %d pixels, %.4g mm, seed %llu, into %s\n", count,
                options.rows, options.cols, options.spacingMm(), seed, qPrintable(out));
    std::fflush(stdout);
    bool anyFailed = false;
    for (int i = 0; i < count; ++i) {
        const int index = firstIndex + i;
        const QString id = core::PhantomGenerator::examId(seed, index);
        if (writer.isComplete(id, seed, index, options)) {
            std::printf("[%d/%d] %s: skipped (complete)\n", i + 1, count, qPrintable(id));
            std::fflush(stdout);
            continue;
        }
        QElapsedTimer timer;
        timer.start();
        const core::PhantomExam exam = generator.generate(seed, index);
        const double generated = timer.elapsed() / 1000.0;
        const auto written = writer.write(exam, options);
        if (!written) {
            std::printf("[%d/%d] %s: failed: %s\n", i + 1, count, qPrintable(id),
                        qPrintable(written.error().toString()));
            anyFailed = true;
        } else {
            std::printf("[%d/%d] %s: done in %.2f s (generated in %.2f s), %s\n", i + 1, count,
                        qPrintable(id), timer.elapsed() / 1000.0, generated,
                        qPrintable(describe(exam)));
        }
        std::fflush(stdout);
    }
    QString error;
    const int listed = core::PhantomManifest::write(out, &error);
    if (listed < 0) {
        std::printf("cannot write the manifest: %s\n", qPrintable(error));
        return kFailed;
    }
    std::printf("manifest.json and manifest.csv list %d exam(s)\n", listed);
    if (!caseSetFile.isEmpty()) {
        // A teaching case set of every exam in the folder (docs/teaching.md), named after its file.
        const auto set =
            core::PhantomCaseSet::fromManifest(out, QFileInfo(caseSetFile).completeBaseName());
        const auto written = set ? core::CaseSetFile::write(set.value(), caseSetFile)
                                 : core::Outcome<bool>(set.error());
        if (!written) {
            std::printf("cannot write the case set: %s\n", qPrintable(written.error().toString()));
            return kFailed;
        }
        std::printf("case set %s lists %d exam(s)\n", qPrintable(caseSetFile),
                    int(set.value().cases.size()));
    }
    return anyFailed ? kFailed : 0;
}

} // namespace mammolens::app
