// mammolens-bench: the engine's speed on this machine (see inference/engine/benchmark.h).

#include "inference/engine/benchmark.h"

int main(int argc, char** argv)
{
    return mammolens::inference::runBenchmark(std::vector<std::string>(argv + 1, argv + argc));
}
