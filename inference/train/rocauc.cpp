#include "inference/train/rocauc.h"

#include <algorithm>
#include <numeric>

namespace mammolens::inference {

std::optional<double> rocAuc(const std::vector<double>& scores, const std::vector<int>& labels)
{
    const size_t n = std::min(scores.size(), labels.size());
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    // Sum of the positives' ranks (1-based, tied scores share their mean rank).
    double positiveRankSum = 0;
    size_t positives = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]])
            ++j;
        const double meanRank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (size_t k = i; k < j; ++k)
            if (labels[order[k]] != 0) {
                positiveRankSum += meanRank;
                ++positives;
            }
        i = j;
    }
    const size_t negatives = n - positives;
    if (positives == 0 || negatives == 0)
        return std::nullopt;
    const double p = static_cast<double>(positives);
    return (positiveRankSum - p * (p + 1) / 2) / (p * static_cast<double>(negatives));
}

} // namespace mammolens::inference
