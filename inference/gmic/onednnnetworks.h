#pragma once
// GMIC's two networks run on oneDNN directly, for float32 on the CPU: LibTorch's
// mkldnn_convolution always asks oneDNN for direct convolution and runs every BatchNorm, ReLU and
// residual sum as a pass of its own. Here the 3x3 stride-1 convolutions (nine tenths of the
// arithmetic) use oneDNN's Winograd convolution where the CPU has one (AVX-512), ReLUs and sums
// are fused into the convolutions and BatchNorm+ReLU into one pass: about twice as fast per
// convolution, the same network. Winograd rounds differently from direct convolution (about 1e-5
// on activations of order 1); tests/engine/paritycheck holds the results to the reference.
//
// Used by FoldedGmic when available() (built with oneDNN's headers, Debian's libdnnl-dev, and a
// CPU with the Winograd kernels); elsewhere FoldedGmic keeps LibTorch's path.

#include <ATen/core/Tensor.h>

#include <memory>
#include <optional>
#include <vector>

namespace mammolens::inference {

class OneDnnNetworks
{
public:
    struct Conv
    {
        at::Tensor weight; ///< [O,I,k,k] float32
        at::Tensor bias;   ///< [O] or undefined
        int64_t stride = 1;
        int64_t padding = 0;
    };
    struct Norm ///< an inference BatchNorm (eps 1e-5)
    {
        at::Tensor weight, bias, mean, var;
    };
    /// GMIC's pre-activation block: relu(norm) -> conv1 (+bias) -> relu -> conv2, + shortcut
    /// (the block's input, or downsample of relu(norm)).
    struct GlobalBlock
    {
        Norm norm;
        Conv conv1, conv2;
        std::optional<Conv> downsample;
    };
    /// ResNet-18's block: conv1 -> relu -> conv2, + shortcut (input or downsample), relu.
    struct LocalBlock
    {
        Conv conv1, conv2;
        std::optional<Conv> downsample;
    };
    struct Spec
    {
        Conv globalFirst; ///< 7x7 stride 2, then a 3x3 stride-2 max pool without padding
        std::vector<GlobalBlock> global;
        Norm globalFinal; ///< then ReLU
        Conv localFirst;  ///< 7x7 stride 2 (+bias), ReLU, then a 3x3 stride-2 max pool, padding 1
        std::vector<LocalBlock> local;
    };

    /// Built with oneDNN, and this CPU has its float32 Winograd convolution. MAMMOLENS_WINOGRAD=0
    /// in the environment turns this path off (LibTorch's then runs), for comparisons.
    static bool available();

    explicit OneDnnNetworks(Spec spec);
    ~OneDnnNetworks();
    OneDnnNetworks(const OneDnnNetworks&) = delete;
    OneDnnNetworks& operator=(const OneDnnNetworks&) = delete;

    /// Builds both networks for these input sizes ([N,1,H,W] and [M,3,h,w]) now rather than at
    /// their first run: the primitives, and the weights reordered into the layouts they chose
    /// (0.1-0.2 s, mostly Winograd's weight transform).
    void prepare(const std::vector<int64_t>& globalInput, const std::vector<int64_t>& localInput);

    /// [N,1,H,W] float32 -> [N,256,h,w] float32 (after the final BatchNorm and ReLU).
    at::Tensor globalFeatures(const at::Tensor& x);
    /// [M,3,h,w] float32 -> [M,512,h',w'] float32 (before the average pool).
    at::Tensor localFeatures(const at::Tensor& x);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mammolens::inference
