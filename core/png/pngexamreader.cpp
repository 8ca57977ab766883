#include "core/png/pngexamreader.h"

#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <optional>
#include <thread>
#include <tuple>
#include <vector>

namespace mammolens::core {

namespace {

struct Candidate
{
    QString path;
    StandardView view;
    int bitDepth = 0;
};

/// The preference among files naming the same view (see the class comment).
bool preferred(const Candidate& a, const Candidate& b)
{
    const QString nameA = QFileInfo(a.path).fileName();
    const QString nameB = QFileInfo(b.path).fileName();
    return std::make_tuple(-std::min(a.bitDepth, 16), nameA.size(), nameA) <
           std::make_tuple(-std::min(b.bitDepth, 16), nameB.size(), nameB);
}

} // namespace

Outcome<Exam> PngExamReader::read(const QString& folder, bool horizontalFlip,
                                  const std::atomic<bool>* cancel) const
{
    const QDir dir(folder);
    if (!dir.exists())
        return Error{"pngexam.no_folder", "folder does not exist", folder};
    // No QDir::Readable filter: an unreadable file must show up as an error, not vanish.
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        return Error{"pngexam.no_png", "the folder holds no PNG file", folder};

    Exam exam;
    exam.id = QFileInfo(dir.absolutePath()).fileName();
    exam.horizontalFlip = horizontalFlip;

    // Names and headers first: cheap, and enough to rank duplicates before decoding.
    std::vector<Candidate> candidates;
    for (const QFileInfo& file : files) {
        const QString path = file.absoluteFilePath();
        const Outcome<StandardView> view = PngImageReader::viewFromFileName(path);
        if (!view) {
            Error error = view.error();
            error.source = path;
            exam.errors.push_back(error);
            continue;
        }
        const Outcome<PngHeader> header = reader_.readHeader(path);
        if (!header) {
            exam.errors.push_back(header.error());
            continue;
        }
        candidates.push_back({path, view.value(), header.value().bitDepth});
    }
    std::stable_sort(candidates.begin(), candidates.end(), preferred);

    // Decode every candidate in parallel; each thread takes the next file.
    std::vector<std::optional<Outcome<MammogramImage>>> decoded(candidates.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < candidates.size();) {
            if (cancel && cancel->load())
                return;
            decoded[i] =
                reader_.read(candidates[i].path, candidates[i].view, DecisionSource::FileName);
        }
    };
    const int threads =
        std::clamp(QThread::idealThreadCount(), 1, std::max(1, int(candidates.size())));
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(work);
    work();
    for (std::thread& helper : helpers)
        helper.join();
    // A cancelled run leaves files undecoded.
    if (std::any_of(decoded.begin(), decoded.end(), [](const auto& d) { return !d; }))
        return Error{"pngexam.cancelled", "loading was cancelled", folder};

    // Candidates are in preference order, so the first readable one of each view is used.
    for (size_t i = 0; i < candidates.size(); ++i) {
        Outcome<MammogramImage>& outcome = *decoded[i];
        if (!outcome) {
            exam.errors.push_back(outcome.error());
            continue;
        }
        const StandardView view = candidates[i].view;
        auto used = exam.views.find(view);
        if (used == exam.views.end()) {
            exam.views.emplace(view, std::move(outcome).value());
            continue;
        }
        exam.warnings << QString(
                             "duplicate %1: using %2, also found %3 (listed, not a model input)")
                             .arg(toString(view), QFileInfo(used->second.sourcePath).fileName(),
                                  QFileInfo(candidates[i].path).fileName());
        exam.otherViews.push_back(std::move(outcome).value());
    }
    for (StandardView view : kStandardViews)
        if (!exam.views.count(view))
            exam.warnings << QString("no readable %1 image in the folder").arg(toString(view));
    return exam;
}

} // namespace mammolens::core
