#include "core/exam/examloader.h"

#include "core/dicom/dicomcodecs.h"
#include "core/dicom/dicomdirreader.h"
#include "core/exam/groundtruthmasks.h"
#include "core/logging/log.h"
#include "core/png/pngimagereader.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace mammolens::core {

namespace {

struct LoadedFile
{
    QString path;
    QString folder; ///< absolute folder of the file
    bool png = false;
    std::optional<MammogramImage> image;
    std::optional<Error> error;
    QString studyUid; ///< DICOM, also for most failures (the header was readable)
};

bool isPng(const QString& path)
{
    return QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0;
}

/// A file without a DICOM-like name is read only if its first bytes look like DICOM: a folder's
/// README or thumbnails must not become errors.
bool looksLikeDicom(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(132);
    if (head.size() == 132 && head.mid(128, 4) == "DICM")
        return true;
    if (head.size() < 8)
        return false;
    const auto* b = reinterpret_cast<const unsigned char*>(head.constData());
    const int groupLe = b[0] | (b[1] << 8);
    const int groupBe = (b[0] << 8) | b[1];
    return groupLe == 0x0008 || groupLe == 0x0002 || groupBe == 0x0008;
}

bool isCandidate(const QFileInfo& info)
{
    if (info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0)
        return false;
    if (GroundTruthMasks::isMaskFile(info.filePath()))
        return false; // a lesion mask beside its image, not an image (groundtruthmasks.h)
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("png") || suffix == QLatin1String("dcm") ||
        suffix == QLatin1String("dicom") || suffix == QLatin1String("dic") ||
        suffix == QLatin1String("ima"))
        return true;
    return looksLikeDicom(info.filePath());
}

/// UIDs compare component by component as numbers ("1.2.10" after "1.2.9").
int compareUids(const QString& a, const QString& b)
{
    const QStringList pa = a.split(QLatin1Char('.'));
    const QStringList pb = b.split(QLatin1Char('.'));
    for (int i = 0; i < std::min(pa.size(), pb.size()); ++i) {
        if (pa[i].size() != pb[i].size())
            return pa[i].size() < pb[i].size() ? -1 : 1;
        const int c = pa[i].compare(pb[i]);
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    return pa.size() == pb.size() ? 0 : (pa.size() < pb.size() ? -1 : 1);
}

/// Why `a` is preferred over `b`, or empty if it is not.
QString preference(const MammogramImage& a, const MammogramImage& b)
{
    if (a.forPresentation != b.forPresentation)
        return a.forPresentation ? QStringLiteral("for presentation over for processing")
                                 : QString();
    const bool aTime = a.acquisitionDateTime.isValid();
    const bool bTime = b.acquisitionDateTime.isValid();
    if (aTime != bTime)
        return aTime ? QStringLiteral("has an acquisition time") : QString();
    if (aTime && a.acquisitionDateTime != b.acquisitionDateTime)
        return a.acquisitionDateTime > b.acquisitionDateTime ? QStringLiteral("acquired later")
                                                             : QString();
    const int uid = compareUids(a.sopInstanceUid, b.sopInstanceUid);
    if (uid != 0)
        return uid < 0 ? QStringLiteral("lower SOP Instance UID") : QString();
    return a.sourcePath < b.sourcePath ? QStringLiteral("path order") : QString();
}

bool preferred(const MammogramImage& a, const MammogramImage& b)
{
    return !preference(a, b).isEmpty();
}

QString nameOf(const QString& path)
{
    return QFileInfo(path).fileName();
}

struct Group
{
    QString id;
    std::vector<MammogramImage> images;
    std::vector<Error> errors;
    QStringList folders; ///< folders its files came from, for placing unattributed errors
};

Exam buildExam(Group& group)
{
    Exam exam;
    exam.id = group.id;
    std::map<StandardView, std::vector<MammogramImage*>> candidates;
    std::vector<MammogramImage*> others;
    for (MammogramImage& image : group.images) {
        if (const std::optional<StandardView> view = image.standardView())
            candidates[*view].push_back(&image);
        else
            others.push_back(&image);
    }
    for (StandardView view : kStandardViews) {
        auto found = candidates.find(view);
        if (found == candidates.end() || found->second.empty()) {
            exam.warnings << QStringLiteral("%1: missing.").arg(toString(view));
            continue;
        }
        std::vector<MammogramImage*>& list = found->second;
        std::sort(list.begin(), list.end(), [](const MammogramImage* a, const MammogramImage* b) {
            return preferred(*a, *b);
        });
        const MammogramImage* chosen = list.front();
        for (std::size_t i = 1; i < list.size(); ++i)
            exam.warnings << QStringLiteral("%1: %2 not used; %3 is preferred (%4).")
                                 .arg(toString(view), nameOf(list[i]->sourcePath),
                                      nameOf(chosen->sourcePath), preference(*chosen, *list[i]));
        exam.views.emplace(view, std::move(*list.front()));
    }
    std::sort(others.begin(), others.end(), [](const MammogramImage* a, const MammogramImage* b) {
        return a->sourcePath < b->sourcePath;
    });
    for (MammogramImage* image : others)
        exam.otherViews.push_back(std::move(*image));
    std::sort(group.errors.begin(), group.errors.end(),
              [](const Error& a, const Error& b) { return a.source < b.source; });
    // Reports, presentation states and key-object notes travel with studies (our own CAD SR
    // comes back from a PACS with the images): they are not images, so they are noted, not
    // counted as failures of the exam.
    for (Error& error : group.errors) {
        if (error.code == QLatin1String("dicom.not_an_image"))
            exam.warnings
                << QStringLiteral("%1: skipped, %2").arg(nameOf(error.source), error.message);
        else
            exam.errors.push_back(std::move(error));
    }
    return exam;
}

} // namespace

Outcome<std::pair<QStringList, std::vector<Error>>> ExamLoader::listFiles(const QString& path) const
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QStringLiteral("exam.not_found"), QStringLiteral("No such file or folder."),
                     path};
    if (info.isDir()) {
        QStringList files;
        QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (isCandidate(it.fileInfo()))
                files << it.filePath();
        }
        files.sort(); // directory order differs between file systems; exams must not
        return std::pair{files, std::vector<Error>{}};
    }
    if (info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0) {
        const Outcome<DicomDirReader::Listing> listing = DicomDirReader::imageFiles(path);
        if (!listing)
            return listing.error();
        return std::pair{listing.value().files, listing.value().problems};
    }
    return std::pair{QStringList{path}, std::vector<Error>{}};
}

Outcome<std::vector<Exam>> ExamLoader::load(const QString& path) const
{
    const auto listed = listFiles(path);
    if (!listed)
        return listed.error();
    return assemble(listed.value().first, listed.value().second);
}

Outcome<std::vector<Exam>> ExamLoader::loadFolder(const QString& folder) const
{
    if (!QFileInfo(folder).isDir())
        return Error{QStringLiteral("exam.not_found"), QStringLiteral("No such folder."), folder};
    return load(folder);
}

Outcome<std::vector<Exam>> ExamLoader::loadDicomDir(const QString& dicomdirPath) const
{
    const Outcome<DicomDirReader::Listing> listing = DicomDirReader::imageFiles(dicomdirPath);
    if (!listing)
        return listing.error();
    return assemble(listing.value().files, listing.value().problems);
}

Outcome<std::vector<Exam>> ExamLoader::loadFiles(const QStringList& files) const
{
    return assemble(files, {});
}

Outcome<std::vector<PlannedExam>> ExamLoader::plan(const QString& path) const
{
    const auto listed = listFiles(path);
    if (!listed)
        return listed.error();
    const auto& [files, problems] = listed.value();
    if (files.isEmpty() && problems.empty())
        return Error{QStringLiteral("exam.no_images"),
                     QStringLiteral("No DICOM or PNG image found."), QString()};
    const DicomImageReader reader(options_.dicom);
    std::map<QString, PlannedExam> groups; // keyed like assemble(): "study:" or "folder:"
    std::map<QString, QStringList> groupFolders;
    std::vector<std::pair<QString, QString>> unplaced; // file or error source, its folder
    auto add = [&](const QString& key, const QString& id, const QString& file,
                   const QString& folder) {
        PlannedExam& group = groups[key];
        group.id = id;
        group.files << file;
        if (!groupFolders[key].contains(folder))
            groupFolders[key] << folder;
    };
    for (const QString& file : files) {
        if (options_.cancel && options_.cancel->load())
            return Error{QStringLiteral("exam.cancelled"), QStringLiteral("Loading was cancelled."),
                         QString()};
        const QString folder = QFileInfo(file).absolutePath();
        const Outcome<QString> study =
            isPng(file) ? Outcome<QString>(QString()) : reader.studyInstanceUid(file);
        if (!study)
            unplaced.emplace_back(file, folder); // loading will report its error
        else if (study.value().isEmpty())
            add(QStringLiteral("folder:") + folder, QFileInfo(folder).fileName(), file, folder);
        else
            add(QStringLiteral("study:") + study.value(), study.value(), file, folder);
    }
    // As assemble() places failures: the exam their folder fed, the only exam, or their own.
    auto groupFor = [&](const QString& folder) -> PlannedExam& {
        for (auto& [key, folders] : groupFolders)
            if (folders.contains(folder))
                return groups[key];
        if (groups.size() == 1)
            return groups.begin()->second;
        const QString key = QStringLiteral("folder:") + folder;
        groupFolders[key] << folder;
        PlannedExam& group = groups[key];
        group.id = QFileInfo(folder).fileName();
        return group;
    };
    for (const auto& [file, folder] : unplaced)
        groupFor(folder).files << file;
    for (const Error& problem : problems)
        groupFor(QFileInfo(problem.source).absolutePath()).errors.push_back(problem);

    std::vector<PlannedExam> planned;
    for (auto& [key, group] : groups)
        planned.push_back(std::move(group));
    std::stable_sort(planned.begin(), planned.end(),
                     [](const PlannedExam& a, const PlannedExam& b) { return a.id < b.id; });
    return planned;
}

Outcome<std::vector<Exam>> ExamLoader::assemble(const QStringList& files,
                                                std::vector<Error> extraErrors) const
{
    if (files.isEmpty() && extraErrors.empty())
        return Error{QStringLiteral("exam.no_images"),
                     QStringLiteral("No DICOM or PNG image found."), QString()};
    DicomCodecs::registerAll(); // once, before the threads race for it
    QElapsedTimer timer;
    timer.start();

    const int total = int(files.size());
    std::vector<LoadedFile> loaded(std::size_t(files.size()));
    const DicomImageReader dicomReader(options_.dicom);
    const PngImageReader pngReader;
    std::atomic_int next{0};
    std::atomic_bool cancelled{false};
    std::mutex progressMutex;
    int done = 0;

    auto work = [&] {
        for (;;) {
            if (options_.cancel && options_.cancel->load()) {
                cancelled = true;
                return;
            }
            const int index = next++;
            if (index >= total)
                return;
            LoadedFile& file = loaded[std::size_t(index)];
            file.path = files[index];
            file.folder = QFileInfo(file.path).absolutePath();
            file.png = isPng(file.path);
            try {
                if (file.png) {
                    Outcome<MammogramImage> image = pngReader.read(file.path);
                    if (image)
                        file.image = std::move(image).value();
                    else
                        file.error = image.error();
                } else {
                    DicomInspection inspection;
                    Outcome<MammogramImage> image = dicomReader.read(file.path, &inspection);
                    file.studyUid = inspection.studyInstanceUid;
                    if (image)
                        file.image = std::move(image).value();
                    else
                        file.error = image.error();
                }
                if (file.image && options_.imageLoaded)
                    options_.imageLoaded(*file.image);
            } catch (...) {
                // The readers promise not to throw, the callback should not; either way an
                // exception must not end a loader thread (std::terminate).
                file.error = Error{QStringLiteral("exam.read_failed"),
                                   QStringLiteral("Unexpected failure while reading."), file.path};
                file.image.reset();
            }
            if (options_.progress) {
                std::lock_guard lock(progressMutex);
                options_.progress(++done, total);
            }
        }
    };

    const int threads =
        std::clamp(options_.threads > 0 ? options_.threads : QThread::idealThreadCount(), 1,
                   std::max(1, total));
    std::vector<std::thread> pool;
    try {
        for (int i = 1; i < threads; ++i)
            pool.emplace_back(work);
    } catch (const std::system_error&) {
        // No thread to spare: the threads that did start, and this one, share the files.
    }
    work();
    for (std::thread& thread : pool)
        thread.join();
    if (cancelled)
        return Error{QStringLiteral("exam.cancelled"), QStringLiteral("Loading was cancelled."),
                     QString()};

    // Group: DICOM by study, PNG (and DICOM without a study) by folder.
    std::map<QString, Group> groups;
    auto folderKey = [](const QString& folder) { return QStringLiteral("folder:") + folder; };
    for (LoadedFile& file : loaded) {
        if (!file.image)
            continue;
        const QString study = file.png ? QString() : file.image->studyInstanceUid;
        const QString key =
            study.isEmpty() ? folderKey(file.folder) : QStringLiteral("study:") + study;
        Group& group = groups[key];
        group.id = study.isEmpty() ? QFileInfo(file.folder).fileName() : study;
        if (!group.folders.contains(file.folder))
            group.folders << file.folder;
        group.images.push_back(std::move(*file.image));
    }
    // Failures: their study's exam if known, else the exam their folder fed, else one of their
    // own (so that a folder of only bad files still reports every one of them).
    auto place = [&](const Error& error, const QString& study, const QString& folder) {
        if (!study.isEmpty()) {
            auto found = groups.find(QStringLiteral("study:") + study);
            if (found != groups.end()) {
                found->second.errors.push_back(error);
                return;
            }
        }
        for (auto& [key, group] : groups)
            if (group.folders.contains(folder)) {
                group.errors.push_back(error);
                return;
            }
        if (groups.size() == 1) {
            groups.begin()->second.errors.push_back(error);
            return;
        }
        Group& group = groups[folderKey(folder)];
        group.id = QFileInfo(folder).fileName();
        group.folders << folder;
        group.errors.push_back(error);
    };
    for (const LoadedFile& file : loaded)
        if (file.error)
            place(*file.error, file.studyUid, file.folder);
    for (const Error& error : extraErrors)
        place(error, QString(), QFileInfo(error.source).absolutePath());

    std::vector<Exam> exams;
    for (auto& [key, group] : groups)
        exams.push_back(buildExam(group));
    std::stable_sort(exams.begin(), exams.end(),
                     [](const Exam& a, const Exam& b) { return a.id < b.id; });

    // Counts and error codes only: paths and UIDs can carry patient names or identifiers.
    std::map<QString, int> errorCodes;
    for (const Exam& exam : exams)
        for (const Error& error : exam.errors)
            ++errorCodes[error.code];
    QStringList codes;
    for (const auto& [code, count] : errorCodes)
        codes << QStringLiteral("%1 x%2").arg(code).arg(count);
    log::get("core")->info("exam loader: {} files on {} threads, {} exams, errors [{}], {} ms",
                           total, threads, exams.size(),
                           codes.join(QStringLiteral(", ")).toStdString(), timer.elapsed());
    return exams;
}

} // namespace mammolens::core
