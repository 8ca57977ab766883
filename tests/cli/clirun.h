#pragma once
// Running mammolens-cli from a test: how a run is started, waited for and read, in one place.
// A test target that includes this defines MAMMOLENS_CLI, the built program's path.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace mammolens::testing {

struct CliRun
{
    int code = -1; ///< the exit code; -1 when the program crashed or did not finish in time
    QString out;
    QString err;
};

/// The system environment with the user's settings, cache and data (XDG folders) moved under
/// `dir`, so that a test never reads or writes the user's own.
inline QProcessEnvironment isolatedEnvironment(const QString& dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/xdgcache"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/data"));
    return env;
}

/// Runs mammolens-cli with `args` and waits up to `timeoutMs`; a run that overstays is killed.
inline CliRun runCli(const QStringList& args,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                     int timeoutMs = 600000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MAMMOLENS_CLI), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("mammolens-cli did not finish within %1 s: %2")
                    .arg(timeoutMs / 1000)
                    .arg(args.join(QLatin1Char(' ')));
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace mammolens::testing
