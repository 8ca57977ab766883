#pragma once
// How many of this process's threads run at a nice value (Linux /proc/self/task/*/stat, field
// 19): tests of EngineOptions::niceness, which lowers the priority of the inference threads only.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QString>

namespace mammolens::testing {

inline int threadsAtNice(int nice)
{
    int n = 0;
    const QStringList tids =
        QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& tid : tids) {
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // After "(comm) " come the fields from 3 (the state) on: field 19 is at index 16.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        n += fields.size() > 16 && fields[16].toInt() == nice;
    }
    return n;
}

} // namespace mammolens::testing
