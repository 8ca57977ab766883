#include "inference/engine/runcontrol.h"

namespace mammolens::inference {

const char* toString(Stage stage)
{
    switch (stage) {
    case Stage::Global:
        return "global network";
    case Stage::Proposal:
        return "region proposal";
    case Stage::Local:
        return "local network";
    case Stage::Fusion:
        return "attention and fusion";
    }
    return "";
}

} // namespace mammolens::inference
