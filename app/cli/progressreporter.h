#pragma once
// Progress of a batch: a progress bar on a terminal, plain lines otherwise, JSON lines with
// --json. Exams are named by their output key (a hash), never by patient data.

#include <QString>

#include <cstdio>

namespace mammolens::app {

class ProgressReporter
{
public:
    enum class Mode { Bar, Lines, Json };
    static Mode detect(bool json);

    explicit ProgressReporter(Mode mode) : mode_(mode) {}

    void stage(int exam, int exams, const QString& key, const QString& view, const QString& stage);
    /// status: "done", "skipped" (already complete), "failed"
    void examFinished(int exam, int exams, const QString& key, const QString& status,
                      const QString& detail);
    void message(const QString& text);
    /// The batch was stopped by `signal` (SIGINT, SIGTERM) after `finished` of `exams` exams.
    void stopped(const QString& signal, int finished, int exams);

private:
    void clearBar();
    Mode mode_;
    bool barShown_ = false;
};

} // namespace mammolens::app
