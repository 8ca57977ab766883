#include "app/common/examanalysis.h"

namespace mammolens::app {

bool ExamAnalysis::complete() const
{
    if (views.empty())
        return false;
    for (const ViewAnalysis& v : views)
        if (!v.prediction)
            return false;
    return true;
}

const ViewAnalysis* ExamAnalysis::view(core::StandardView v) const
{
    for (const ViewAnalysis& a : views)
        if (a.view == v)
            return &a;
    return nullptr;
}

} // namespace mammolens::app
