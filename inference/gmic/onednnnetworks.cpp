#include "inference/gmic/onednnnetworks.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#ifdef MAMMOLENS_HAVE_DNNL
#include <dnnl.hpp>
#endif

namespace mammolens::inference {

#ifdef MAMMOLENS_HAVE_DNNL

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;
using Flags = dnnl::normalization_flags;

constexpr float kBnEps = 1e-5f;
// Activations stay in oneDNN's 16-channel blocked layout from the first convolution to the last:
// the Winograd kernels need it, and every other primitive here takes it.
constexpr Tag kBlocked = Tag::nChw16c;

memory::dims dimsOf(const at::Tensor& t)
{
    return memory::dims(t.sizes().begin(), t.sizes().end());
}

/// The activations of a run live in one arena. The last one given back is kept for the next run
/// of any model: an ensemble holds one set of activation memory, not one per model, and a run
/// finds its pages already faulted in.
struct Arena
{
    std::unique_ptr<void, decltype(&std::free)> data{nullptr, &std::free};
    size_t capacity = 0;
    char* bytes() const { return static_cast<char*>(data.get()); }
};

class ArenaCache
{
public:
    static Arena take(size_t size)
    {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (kept_.data && kept_.capacity >= size)
                return std::move(kept_);
        }
        Arena a;
        a.capacity = std::max<size_t>((size + 63) / 64 * 64, 64);
        a.data.reset(std::aligned_alloc(64, a.capacity));
        if (!a.data)
            throw std::bad_alloc();
        return a;
    }
    static void give(Arena arena)
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (arena.capacity > kept_.capacity || !kept_.data)
            kept_ = std::move(arena);
    }

private:
    static inline std::mutex mutex_;
    static inline Arena kept_;
};

} // namespace

struct OneDnnNetworks::Impl
{
    /// One network for one input size: its primitives in execution order, their weights in the
    /// layouts they chose, and the activation buffers, reused as soon as a value is dead.
    struct Plan
    {
        struct Step
        {
            dnnl::primitive primitive;
            std::unordered_map<int, memory> args;
        };
        std::vector<Step> steps;
        memory input;  ///< the caller's tensor (NCHW), handle set per run
        memory output; ///< the result tensor (NCHW), handle set per run
        memory::dims outputDims;
        /// Every activation buffer is a place in one arena, handed in per run (ArenaCache).
        std::vector<std::pair<memory, size_t>> activations;
        size_t arenaSize = 0;
        /// The convolutions' scratchpads (Winograd's transformed tiles: up to 50 MB each) share
        /// one place at the arena's end instead of each primitive holding its own.
        std::vector<memory> scratchpads;
        size_t scratchpadSize = 0;
    };

    /// Places the activations in the plan's arena while the plan is built: a released place is
    /// given to the next value that fits (the plan runs in the order it was built).
    class Buffers
    {
    public:
        explicit Buffers(Plan& plan) : plan_(plan) {}
        memory acquire(const memory::desc& desc, const dnnl::engine& engine)
        {
            const size_t size = (desc.get_size() + 63) / 64 * 64;
            Slot* best = nullptr;
            for (Slot& s : slots_)
                if (s.free && s.size >= size && (!best || s.size < best->size))
                    best = &s;
            if (!best) {
                slots_.push_back({plan_.arenaSize, size, false, {}});
                plan_.arenaSize += size;
                best = &slots_.back();
            }
            best->free = false;
            memory m(desc, engine, DNNL_MEMORY_NONE);
            best->users.push_back(m.get());
            plan_.activations.emplace_back(m, best->offset);
            return m;
        }
        void release(const memory& m)
        {
            for (Slot& s : slots_)
                if (std::find(s.users.begin(), s.users.end(), m.get()) != s.users.end())
                    s.free = true;
        }

    private:
        struct Slot
        {
            size_t offset, size;
            bool free;
            std::vector<dnnl_memory_t> users;
        };
        Plan& plan_;
        std::vector<Slot> slots_;
    };

    explicit Impl(Spec s) : spec(std::move(s)) {}

    Spec spec;
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    std::mutex mutex; ///< one run at a time: plans hold their activation buffers
    std::map<memory::dims, std::unique_ptr<Plan>> globalPlans, localPlans;

    /// A float32 copy of `t` ([C] or [O,I,k,k]) in `desc`'s layout, reordered from plain.
    memory parameter(const at::Tensor& t, const memory::desc& desc, Tag plain)
    {
        const at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
        memory user({dimsOf(c), Type::f32, plain}, engine, c.data_ptr());
        memory out(desc, engine);
        dnnl::reorder(user, out).execute(stream, user, out);
        stream.wait();
        return out;
    }

    /// conv(src) into a new buffer, or added to `sumInto` (its desc must be the output's); a
    /// ReLU after the sum when `relu`.
    memory conv(Plan& plan, Buffers& buffers, const memory& src, const Conv& c, bool relu,
                const memory* sumInto = nullptr)
    {
        const memory::dims in = src.get_desc().dims();
        const int64_t oc = c.weight.size(0), ic = c.weight.size(1), k = c.weight.size(2);
        const int64_t s = c.stride, p = c.padding;
        const memory::desc dstDesc({in[0], oc, (in[2] + 2 * p - k) / s + 1, (in[3] + 2 * p - k) / s + 1},
                                   Type::f32, kBlocked);
        const memory::desc weightsAny({oc, ic, k, k}, Type::f32, Tag::any);
        const memory::desc biasDesc({oc}, Type::f32, Tag::x);
        dnnl::post_ops ops;
        if (sumInto)
            ops.append_sum(1.f);
        if (relu)
            ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
        dnnl::primitive_attr attr;
        attr.set_post_ops(ops);
        attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
        auto make = [&](dnnl::algorithm algorithm) {
            const dnnl::convolution_forward::desc d =
                c.bias.defined()
                    ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, algorithm,
                                                      src.get_desc(), weightsAny, biasDesc, dstDesc,
                                                      {s, s}, {p, p}, {p, p})
                    : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, algorithm,
                                                      src.get_desc(), weightsAny, dstDesc, {s, s},
                                                      {p, p}, {p, p});
            return dnnl::convolution_forward::primitive_desc(d, attr, engine);
        };
        dnnl::convolution_forward::primitive_desc pd;
        bool made = false;
        // Winograd's weights are 4x larger and oneDNN reorders them slowly: for the local
        // network's 512-channel layers (8x8 pixels) that is 113 MB and 0.18 s at every model load
        // for 10 ms per view; they stay direct.
        if (k == 3 && s == 1 && ic <= 256) {
            try {
                pd = make(dnnl::algorithm::convolution_winograd);
                made = true;
            } catch (const dnnl::error&) {
                // no Winograd kernel for this shape: direct below
            }
        }
        if (!made)
            pd = make(dnnl::algorithm::convolution_direct);

        Plan::Step step{dnnl::convolution_forward(pd), {}};
        step.args[DNNL_ARG_SRC] = src;
        step.args[DNNL_ARG_WEIGHTS] = parameter(c.weight, pd.weights_desc(), Tag::oihw);
        if (c.bias.defined())
            step.args[DNNL_ARG_BIAS] = parameter(c.bias, biasDesc, Tag::x);
        if (sumInto && sumInto->get_desc() != pd.dst_desc())
            throw std::logic_error("oneDNN: residual sum of another layout");
        const memory dst = sumInto ? *sumInto : buffers.acquire(pd.dst_desc(), engine);
        step.args[DNNL_ARG_DST] = dst;
        const memory scratchpad(pd.scratchpad_desc(), engine, DNNL_MEMORY_NONE);
        step.args[DNNL_ARG_SCRATCHPAD] = scratchpad;
        plan.scratchpads.push_back(scratchpad);
        plan.scratchpadSize = std::max(plan.scratchpadSize, pd.scratchpad_desc().get_size());
        plan.steps.push_back(std::move(step));
        return dst;
    }

    /// batch_norm(src) in inference, then ReLU, into a new buffer.
    memory normRelu(Plan& plan, Buffers& buffers, const memory& src, const Norm& n)
    {
        const memory::desc channels({n.weight.size(0)}, Type::f32, Tag::x);
        const dnnl::batch_normalization_forward::primitive_desc pd(
            {dnnl::prop_kind::forward_inference, src.get_desc(), kBnEps,
             Flags::use_global_stats | Flags::use_scale | Flags::use_shift | Flags::fuse_norm_relu},
            engine);
        Plan::Step step{dnnl::batch_normalization_forward(pd), {}};
        step.args[DNNL_ARG_SRC] = src;
        step.args[DNNL_ARG_MEAN] = parameter(n.mean, channels, Tag::x);
        step.args[DNNL_ARG_VARIANCE] = parameter(n.var, channels, Tag::x);
        step.args[DNNL_ARG_SCALE] = parameter(n.weight, channels, Tag::x);
        step.args[DNNL_ARG_SHIFT] = parameter(n.bias, channels, Tag::x);
        const memory dst = buffers.acquire(pd.dst_desc(), engine);
        step.args[DNNL_ARG_DST] = dst;
        plan.steps.push_back(std::move(step));
        return dst;
    }

    /// 3x3 stride-2 max pooling with `padding` on each side, into a new buffer.
    memory maxPool(Plan& plan, Buffers& buffers, const memory& src, int64_t padding)
    {
        const memory::dims in = src.get_desc().dims();
        const memory::desc dstDesc(
            {in[0], in[1], (in[2] + 2 * padding - 3) / 2 + 1, (in[3] + 2 * padding - 3) / 2 + 1},
            Type::f32, kBlocked);
        const dnnl::pooling_forward::primitive_desc pd(
            {dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_max, src.get_desc(),
             dstDesc, {2, 2}, {3, 3}, {padding, padding}, {padding, padding}},
            engine);
        const memory dst = buffers.acquire(pd.dst_desc(), engine);
        plan.steps.push_back({dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}});
        return dst;
    }

    /// The last step: the blocked result reordered into the caller's NCHW tensor.
    void finish(Plan& plan, const memory& result)
    {
        for (const memory& m : plan.scratchpads)
            plan.activations.emplace_back(m, plan.arenaSize);
        plan.arenaSize += (plan.scratchpadSize + 63) / 64 * 64;
        plan.outputDims = result.get_desc().dims();
        plan.output = memory({plan.outputDims, Type::f32, Tag::nchw}, engine, DNNL_MEMORY_NONE);
        plan.steps.push_back(
            {dnnl::reorder(result, plan.output), {{DNNL_ARG_FROM, result}, {DNNL_ARG_TO, plan.output}}});
    }

    /// Both networks begin alike: the caller's NCHW input, a 7x7 stride-2 convolution, a 3x3
    /// stride-2 max pool.
    memory stem(Plan& plan, Buffers& buffers, const memory::dims& inputDims, const Conv& first,
                bool relu, int64_t poolPadding)
    {
        plan.input = memory({inputDims, Type::f32, Tag::nchw}, engine, DNNL_MEMORY_NONE);
        const memory out = conv(plan, buffers, plan.input, first, relu);
        const memory pooled = maxPool(plan, buffers, out, poolPadding);
        buffers.release(out);
        return pooled;
    }

    std::unique_ptr<Plan> globalPlan(const memory::dims& inputDims)
    {
        auto plan = std::make_unique<Plan>();
        Buffers buffers(*plan);
        memory h = stem(*plan, buffers, inputDims, spec.globalFirst, false, 0);
        for (const GlobalBlock& b : spec.global) {
            const memory a = normRelu(*plan, buffers, h, b.norm);
            const memory shortcut = b.downsample ? conv(*plan, buffers, a, *b.downsample, false) : h;
            const memory t = conv(*plan, buffers, a, b.conv1, true);
            buffers.release(a);
            conv(*plan, buffers, t, b.conv2, false, &shortcut); // shortcut += conv2(t)
            buffers.release(t);
            if (b.downsample)
                buffers.release(h);
            h = shortcut;
        }
        const memory out = normRelu(*plan, buffers, h, spec.globalFinal);
        finish(*plan, out);
        return plan;
    }

    std::unique_ptr<Plan> localPlan(const memory::dims& inputDims)
    {
        auto plan = std::make_unique<Plan>();
        Buffers buffers(*plan);
        memory h = stem(*plan, buffers, inputDims, spec.localFirst, true, 1);
        for (const LocalBlock& b : spec.local) {
            const memory t = conv(*plan, buffers, h, b.conv1, true);
            const memory shortcut = b.downsample ? conv(*plan, buffers, h, *b.downsample, false) : h;
            conv(*plan, buffers, t, b.conv2, true, &shortcut); // relu(shortcut + conv2(t))
            buffers.release(t);
            if (b.downsample)
                buffers.release(h);
            h = shortcut;
        }
        finish(*plan, h);
        return plan;
    }

    Plan& plan(std::map<memory::dims, std::unique_ptr<Plan>>& plans, bool global,
               const memory::dims& inputDims)
    {
        std::unique_ptr<Plan>& p = plans[inputDims];
        if (!p)
            p = global ? globalPlan(inputDims) : localPlan(inputDims);
        return *p;
    }

    at::Tensor run(std::map<memory::dims, std::unique_ptr<Plan>>& plans, bool global,
                   const at::Tensor& x)
    {
        const at::Tensor in = x.to(at::kCPU, at::kFloat).contiguous();
        const std::lock_guard<std::mutex> lock(mutex);
        Plan& p = plan(plans, global, dimsOf(in));
        at::Tensor out = at::empty(p.outputDims, in.options());
        Arena arena = ArenaCache::take(p.arenaSize);
        for (auto& [m, offset] : p.activations)
            m.set_data_handle(arena.bytes() + offset);
        p.input.set_data_handle(in.data_ptr());
        p.output.set_data_handle(out.data_ptr());
        for (Plan::Step& step : p.steps)
            step.primitive.execute(stream, step.args);
        stream.wait();
        ArenaCache::give(std::move(arena));
        return out;
    }
};

bool OneDnnNetworks::available()
{
    static const bool yes = [] {
        if (const char* e = std::getenv("MAMMOLENS_WINOGRAD"); e && std::string(e) == "0")
            return false;
        try {
            const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
            const memory::desc data({1, 16, 8, 8}, Type::f32, kBlocked);
            const memory::desc weights({16, 16, 3, 3}, Type::f32, Tag::any);
            dnnl::convolution_forward::primitive_desc(
                {dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_winograd, data,
                 weights, data, {1, 1}, {1, 1}, {1, 1}},
                engine);
            return true;
        } catch (const dnnl::error&) {
            return false;
        }
    }();
    return yes;
}

OneDnnNetworks::OneDnnNetworks(Spec spec) : impl_(std::make_unique<Impl>(std::move(spec))) {}

void OneDnnNetworks::prepare(const std::vector<int64_t>& globalInput,
                             const std::vector<int64_t>& localInput)
{
    const std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->plan(impl_->globalPlans, true, globalInput);
    impl_->plan(impl_->localPlans, false, localInput);
}

at::Tensor OneDnnNetworks::globalFeatures(const at::Tensor& x)
{
    return impl_->run(impl_->globalPlans, true, x);
}

at::Tensor OneDnnNetworks::localFeatures(const at::Tensor& x)
{
    return impl_->run(impl_->localPlans, false, x);
}

#else // built without oneDNN's headers: FoldedGmic never asks for this path

struct OneDnnNetworks::Impl
{
};

bool OneDnnNetworks::available()
{
    return false;
}

OneDnnNetworks::OneDnnNetworks(Spec) : impl_(std::make_unique<Impl>()) {}

void OneDnnNetworks::prepare(const std::vector<int64_t>&, const std::vector<int64_t>&) {}

at::Tensor OneDnnNetworks::globalFeatures(const at::Tensor&)
{
    throw std::logic_error("built without oneDNN");
}

at::Tensor OneDnnNetworks::localFeatures(const at::Tensor&)
{
    throw std::logic_error("built without oneDNN");
}

#endif

OneDnnNetworks::~OneDnnNetworks() = default;

} // namespace mammolens::inference
