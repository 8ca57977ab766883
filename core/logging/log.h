#pragma once
// The one logging facade (STYLE.md rule 12): named spdlog loggers per module, a rotating file in
// the user's data directory, console output in debug builds or when asked. Never log patient
// names, IDs or birth dates: log file names, view labels and error codes instead.

#include <spdlog/logger.h>

#include <QString>

#include <memory>
#include <string>

namespace mammolens::core::log {

struct Options
{
    bool console = false;       ///< also log to stderr (always on in debug builds)
    bool file = true;           ///< rotating file <data dir>/logs/mammolens.log
    QString directory;          ///< overrides the data directory (tests)
    spdlog::level::level_enum level = spdlog::level::info;
};

/// Sets up the sinks once per process; later calls replace them. Safe to skip: loggers then
/// write to stderr only.
void init(const Options& options);

/// The logger of one module ("core", "inference", "ui", "app", "cli", ...), created on first use
/// with the sinks init() configured.
std::shared_ptr<spdlog::logger> get(const std::string& module);

/// Where the rotating log file lives (empty when file logging is off).
QString logFilePath();

/// Flushes every sink (before exit, after a crash report).
void flush();

} // namespace mammolens::core::log
