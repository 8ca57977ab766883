#include "app/cli/cliargs.h"

namespace mammolens::app {

std::optional<QString> CliArgs::value(const QString& name)
{
    std::optional<QString> found;
    for (int i = args_.indexOf(name); i >= 0; i = args_.indexOf(name)) {
        if (i + 1 >= args_.size()) {
            error_ = name + QStringLiteral(" needs a value");
            args_.removeAt(i);
            return found;
        }
        found = args_.at(i + 1);
        args_.remove(i, 2);
    }
    return found;
}

QStringList CliArgs::values(const QString& name)
{
    QStringList all;
    for (int i = args_.indexOf(name); i >= 0; i = args_.indexOf(name)) {
        if (i + 1 >= args_.size()) {
            error_ = name + QStringLiteral(" needs a value");
            args_.removeAt(i);
            break;
        }
        all << args_.at(i + 1);
        args_.remove(i, 2);
    }
    return all;
}

bool CliArgs::flag(const QString& name)
{
    return args_.removeAll(name) > 0;
}

int CliArgs::intValue(const QString& name, int fallback, bool* ok)
{
    const auto v = value(name);
    if (!v)
        return fallback;
    bool good = false;
    const int n = v->toInt(&good);
    if (!good) {
        error_ = name + QStringLiteral(" takes a whole number, not '") + *v + QLatin1Char('\'');
        *ok = false;
        return fallback;
    }
    return n;
}

double CliArgs::doubleValue(const QString& name, double fallback, bool* ok)
{
    const auto v = value(name);
    if (!v)
        return fallback;
    bool good = false;
    const double d = v->toDouble(&good);
    if (!good) {
        error_ = name + QStringLiteral(" takes a number, not '") + *v + QLatin1Char('\'');
        *ok = false;
        return fallback;
    }
    return d;
}

QString CliArgs::error() const
{
    if (!error_.isEmpty())
        return error_;
    for (const QString& a : args_)
        if (a.startsWith(QLatin1String("--")))
            return QStringLiteral("unknown option ") + a;
    return {};
}

} // namespace mammolens::app
