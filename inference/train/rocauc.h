#pragma once
// Area under the ROC curve of scores against binary labels: the figure of merit of training's
// validation and of `mammolens-cli evaluate`.

#include <optional>
#include <vector>

namespace mammolens::inference {

/// The Mann-Whitney form: the probability that a random positive scores above a random negative,
/// ties counting one half. Empty when either class is absent (the AUC is undefined then).
std::optional<double> rocAuc(const std::vector<double>& scores, const std::vector<int>& labels);

} // namespace mammolens::inference
