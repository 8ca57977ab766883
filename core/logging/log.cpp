#include "core/logging/log.h"

#include <QDir>
#include <QStandardPaths>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

namespace mammolens::core::log {

namespace {

struct State
{
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks;
    spdlog::level::level_enum level = spdlog::level::info;
    QString filePath;
    bool initialised = false;
};

State& state()
{
    static State s;
    return s;
}

std::vector<spdlog::sink_ptr> defaultSinks()
{
    return {std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
}

} // namespace

void init(const Options& options)
{
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.sinks.clear();
    s.filePath.clear();
    s.level = options.level;
#ifndef NDEBUG
    const bool console = true;
#else
    const bool console = options.console;
#endif
    if (console) {
        auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        s.sinks.push_back(sink);
    }
    if (options.file) {
        QString dir = options.directory;
        if (dir.isEmpty())
            dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                  QStringLiteral("/logs");
        if (QDir().mkpath(dir)) {
            s.filePath = dir + QStringLiteral("/mammolens.log");
            try {
                // 5 files of 5 MB: a few weeks of normal use, bounded on disk.
                s.sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    s.filePath.toStdString(), 5 * 1024 * 1024, 5));
            } catch (const spdlog::spdlog_ex&) {
                s.filePath.clear(); // an unwritable log must never stop the program
            }
        }
    }
    s.initialised = true;
    // Loggers created before init() pick up the new sinks.
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
        logger->sinks() = s.sinks;
        logger->set_level(s.level);
    });
}

std::shared_ptr<spdlog::logger> get(const std::string& module)
{
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(module))
        return existing;
    const std::vector<spdlog::sink_ptr> sinks = s.initialised ? s.sinks : defaultSinks();
    auto logger = std::make_shared<spdlog::logger>(module, sinks.begin(), sinks.end());
    logger->set_level(s.initialised ? s.level : spdlog::level::warn);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

QString logFilePath()
{
    State& s = state();
    std::lock_guard lock(s.mutex);
    return s.filePath;
}

void flush()
{
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
}

} // namespace mammolens::core::log
