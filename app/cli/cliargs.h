#pragma once
// The small option parser the CLI's commands share: "--name VALUE" options and "--flag" switches
// taken out of the argument list, so that what remains are the positional arguments.

#include <QString>
#include <QStringList>

#include <optional>

namespace mammolens::app {

class CliArgs
{
public:
    explicit CliArgs(QStringList args) : args_(std::move(args)) {}

    /// The value of "--name VALUE" (the last one when repeated), removed from the list.
    std::optional<QString> value(const QString& name);
    /// Every value of a repeatable option ("--model A --model B").
    QStringList values(const QString& name);
    /// True when "--name" is present (removed from the list).
    bool flag(const QString& name);
    /// Parses the option as a number; `ok` turns false when present but not a number.
    int intValue(const QString& name, int fallback, bool* ok);
    double doubleValue(const QString& name, double fallback, bool* ok);

    /// An option given without its value, or an unknown "--option" left over: a usage error.
    QString error() const;
    const QStringList& positional() const { return args_; }

private:
    QStringList args_;
    QString error_;
};

} // namespace mammolens::app
