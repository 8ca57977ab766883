#include "inference/gmic/gmicconfig.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mammolens::inference {

long long roundHalfEven(double value)
{
    return static_cast<long long>(std::nearbyint(value)); // default FE_TONEAREST is half-to-even
}

int GmicConfig::globalMapSize(int inputSize)
{
    auto conv = [](int n) { return (n - 1) / 2 + 1; }; // 3x3 or 7x7, stride 2, "same" padding
    int n = conv(inputSize);                           // first_conv 7x7 s2 p3
    n = (n - 3) / 2 + 1;                               // max-pool 3x3 s2, padding 0 (spec 2)
    for (int stage = 1; stage < 5; ++stage)            // stages 1..4 have stride 2
        n = conv(n);
    return n;
}

int GmicConfig::topTCount() const
{
    const long long n = roundHalfEven(static_cast<double>(camRows) * camCols * percentT);
    return static_cast<int>(std::max<long long>(1, n));
}

int GmicConfig::windowRows() const
{
    return static_cast<int>(roundHalfEven(static_cast<double>(cropRows) * camRows / inputRows));
}

int GmicConfig::windowCols() const
{
    return static_cast<int>(roundHalfEven(static_cast<double>(cropCols) * camCols / inputCols));
}

std::string GmicConfig::validate() const
{
    if (inputRows <= 0 || inputCols <= 0 || camRows <= 0 || camCols <= 0 || K <= 0 ||
        cropRows <= 0 || cropCols <= 0)
        return "every size in the model configuration must be positive";
    if (inputRows > 16384 || inputCols > 16384 || K > 64)
        return "model configuration sizes are implausibly large";
    // The map size follows from the input size through the global network's strides, so a
    // mismatch means a corrupt configuration.
    if (camRows != globalMapSize(inputRows) || camCols != globalMapSize(inputCols))
        return "saliency map size does not match the input size";
    if (!(percentT > 0.0 && percentT <= 1.0))
        return "percent_t must lie in (0, 1]";
    if (cropRows > inputRows || cropCols > inputCols)
        return "patch size is larger than the input";
    if (windowRows() < 1 || windowCols() < 1 || windowRows() > camRows || windowCols() > camCols)
        return "proposal window does not fit the saliency map";
    return {};
}

std::map<std::string, std::string> GmicConfig::toMetadata() const
{
    char t[32];
    std::snprintf(t, sizeof t, "%.17g", percentT);
    return {{"mammolens.config.input_size", std::to_string(inputRows) + "x" + std::to_string(inputCols)},
            {"mammolens.config.cam_size", std::to_string(camRows) + "x" + std::to_string(camCols)},
            {"mammolens.config.K", std::to_string(K)},
            {"mammolens.config.crop_size", std::to_string(cropRows) + "x" + std::to_string(cropCols)},
            {"mammolens.config.percent_t", t}};
}

namespace {

bool parsePair(const std::string& text, int& a, int& b)
{
    char x = 0;
    std::istringstream in(text);
    return static_cast<bool>(in >> a >> x >> b) && x == 'x' && in.peek() == EOF;
}

} // namespace

Result<GmicConfig> GmicConfig::fromMetadata(const std::map<std::string, std::string>& metadata)
{
    GmicConfig c;
    auto field = [&](const char* key) -> const std::string* {
        auto it = metadata.find(std::string("mammolens.config.") + key);
        return it == metadata.end() ? nullptr : &it->second;
    };
    if (auto v = field("input_size"); v && !parsePair(*v, c.inputRows, c.inputCols))
        return Result<GmicConfig>::failure("bad input_size in model metadata: " + *v);
    if (auto v = field("cam_size"); v && !parsePair(*v, c.camRows, c.camCols))
        return Result<GmicConfig>::failure("bad cam_size in model metadata: " + *v);
    if (auto v = field("crop_size"); v && !parsePair(*v, c.cropRows, c.cropCols))
        return Result<GmicConfig>::failure("bad crop_size in model metadata: " + *v);
    try {
        if (auto v = field("K"))
            c.K = std::stoi(*v);
        if (auto v = field("percent_t"))
            c.percentT = std::stod(*v);
    } catch (const std::exception&) {
        return Result<GmicConfig>::failure("bad K or percent_t in model metadata");
    }
    if (std::string why = c.validate(); !why.empty())
        return Result<GmicConfig>::failure("invalid model configuration: " + why);
    return c;
}

std::string GmicConfig::describe() const
{
    char t[32];
    std::snprintf(t, sizeof t, "%g", percentT);
    return std::to_string(inputRows) + "x" + std::to_string(inputCols) + " cam " +
           std::to_string(camRows) + "x" + std::to_string(camCols) + " K=" + std::to_string(K) +
           " crop " + std::to_string(cropRows) + "x" + std::to_string(cropCols) + " t=" + t;
}

bool GmicConfig::operator==(const GmicConfig& o) const
{
    return inputRows == o.inputRows && inputCols == o.inputCols && camRows == o.camRows &&
           camCols == o.camCols && K == o.K && cropRows == o.cropRows && cropCols == o.cropCols &&
           percentT == o.percentT;
}

} // namespace mammolens::inference
