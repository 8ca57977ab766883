#include "inference/util/threadpriority.h"

#if defined(__linux__)
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace mammolens::inference {

#if defined(__linux__)

namespace {

// Linux applies PRIO_PROCESS with a thread id to that thread alone (setpriority(2), "BUGS").
id_t thisThreadId()
{
    return static_cast<id_t>(::syscall(SYS_gettid));
}

} // namespace

bool lowerThisThreadPriority(int nice)
{
    return ::setpriority(PRIO_PROCESS, thisThreadId(), nice) == 0;
}

int thisThreadNice()
{
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, thisThreadId());
    return errno == 0 ? nice : 0;
}

#else

bool lowerThisThreadPriority(int)
{
    return false;
}

int thisThreadNice()
{
    return 0;
}

#endif

} // namespace mammolens::inference
