#pragma once
// `mammolens-cli selftest [--record]`: checks this installation end to end (app/common/selftest.h).

#include <QStringList>

namespace mammolens::app {

int runSelfTestCommand(const QStringList& args);

} // namespace mammolens::app
