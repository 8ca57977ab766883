#pragma once
// The engine benchmark behind `mammolens-bench` and `mammolens-cli bench`: the whole forward pass
// at the model's input size, per view, per 4-view exam and per stage (median and spread over
// repeated runs after warm-up), and the peak resident memory. Random weights when no model file
// is given: speed does not depend on the weights' values.

#include <string>
#include <vector>

namespace mammolens::inference {

/// Prints to stdout; returns a process exit code (0 ok, 1 a model or run failed, 2 usage).
int runBenchmark(const std::vector<std::string>& args);

} // namespace mammolens::inference
