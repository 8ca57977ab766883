#include "inference/weights/picklemachine.h"

#include "inference/util/result.h"

#include <cstdio>
#include <cstring>
#include <limits>

namespace mammolens::inference {

namespace {

using Kind = PickleValue::Kind;

constexpr const char* kOrderedDict = "collections OrderedDict";
constexpr const char* kRebuildTensor = "torch._utils _rebuild_tensor_v2";
constexpr const char* kRebuildParameter = "torch._utils _rebuild_parameter";

bool isAllowedGlobal(const std::string& name)
{
    return name == kOrderedDict || name == kRebuildTensor || name == kRebuildParameter ||
           PickleMachine::storageDtype(name).has_value();
}

std::string printable(std::string_view s)
{
    std::string out;
    for (const char c : s.substr(0, 80))
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    return out;
}

} // namespace

// The interpreter state of one pickle: stack, marks and memo are per pickle, as in Python, while
// the objects it creates belong to the machine and outlive it.
class PickleMachine::Run
{
public:
    Run(PickleMachine& machine, std::string_view bytes, std::size_t offset)
        : m_(machine), bytes_(bytes), pos_(offset)
    {}

    PickleValue execute(std::size_t* end)
    {
        if (pos_ >= bytes_.size())
            throw InferenceError("pickle: no data at byte " + std::to_string(pos_));
        for (;;) {
            opStart_ = pos_;
            opcode_ = u8();
            if (step()) {
                if (end)
                    *end = pos_;
                return result_;
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        char op[8];
        std::snprintf(op, sizeof op, "0x%02x", opcode_);
        throw InferenceError("pickle: at byte " + std::to_string(opStart_) + " (opcode " + op +
                             "): " + what);
    }

    // --- bounds-checked reads -------------------------------------------------------------
    void need(std::uint64_t n)
    {
        if (n > bytes_.size() - pos_)
            fail("truncated: needs " + std::to_string(n) + " more bytes, " +
                 std::to_string(bytes_.size() - pos_) + " left");
    }
    std::string_view take(std::uint64_t n)
    {
        need(n);
        const std::string_view s = bytes_.substr(pos_, std::size_t(n));
        pos_ += std::size_t(n);
        return s;
    }
    std::uint64_t littleEndian(int n)
    {
        const std::string_view s = take(std::uint64_t(n));
        std::uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | static_cast<unsigned char>(s[std::size_t(i)]);
        return v;
    }
    unsigned u8() { return unsigned(littleEndian(1)); }
    std::string_view line()
    {
        // GLOBAL's module and name are newline-terminated; real ones are short.
        const std::string_view window = bytes_.substr(pos_, 257);
        const std::size_t nl = window.find('\n');
        if (nl == std::string_view::npos)
            fail("unterminated or over-long GLOBAL name");
        pos_ += nl + 1;
        return window.substr(0, nl);
    }

    // --- stack ---------------------------------------------------------------------------
    std::size_t fence() const { return marks_.empty() ? 0 : marks_.back(); }
    void push(const PickleValue& v)
    {
        if (stack_.size() >= m_.limits_.maxStack)
            fail("stack deeper than " + std::to_string(m_.limits_.maxStack) + " entries");
        stack_.push_back(v);
    }
    PickleValue pop()
    {
        if (stack_.size() <= fence())
            fail("stack underflow");
        const PickleValue v = stack_.back();
        stack_.pop_back();
        return v;
    }
    PickleValue& top()
    {
        if (stack_.size() <= fence())
            fail("stack underflow");
        return stack_.back();
    }
    std::vector<PickleValue> popMark()
    {
        if (marks_.empty())
            fail("no MARK on the stack");
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<PickleValue> items(stack_.begin() + std::ptrdiff_t(mark), stack_.end());
        stack_.resize(mark);
        return items;
    }

    // --- memo ----------------------------------------------------------------------------
    void memoPut(std::uint64_t index)
    {
        const PickleValue v = top();
        if (memo_.size() >= m_.limits_.maxMemo && memo_.find(index) == memo_.end())
            fail("memo holds more than " + std::to_string(m_.limits_.maxMemo) + " entries");
        memo_[index] = v;
    }
    void memoGet(std::uint64_t index)
    {
        const auto it = memo_.find(index);
        if (it == memo_.end())
            fail("memo key " + std::to_string(index) + " was never stored");
        push(it->second);
    }

    // --- containers ------------------------------------------------------------------------
    std::vector<PickleValue>& listAt(const PickleValue& v)
    {
        if (v.kind != Kind::List)
            fail(std::string("APPEND into a ") + kindName(v.kind) + ", not a list");
        return m_.sequences_[v.ref];
    }
    std::vector<std::pair<PickleValue, PickleValue>>& dictAt(const PickleValue& v)
    {
        if (v.kind != Kind::Dict)
            fail(std::string("SETITEM into a ") + kindName(v.kind) + ", not a dict");
        return m_.dicts_[v.ref];
    }
    void appendItems(const PickleValue& list, const std::vector<PickleValue>& items)
    {
        auto& target = listAt(list);
        for (const PickleValue& item : items) {
            m_.countObject();
            target.push_back(item);
        }
    }
    void setItems(const PickleValue& dict, const std::vector<PickleValue>& items)
    {
        if (items.size() % 2 != 0)
            fail("SETITEMS with an odd number of items");
        auto& target = dictAt(dict);
        for (std::size_t i = 0; i < items.size(); i += 2) {
            const Kind k = items[i].kind;
            if (k != Kind::String && k != Kind::Int && k != Kind::Bool && k != Kind::Bytes)
                fail(std::string("unsupported dict key of type ") + kindName(k));
            m_.countObject();
            target.emplace_back(items[i], items[i + 1]); // duplicates: last one wins on reading
        }
    }

    // --- calls -----------------------------------------------------------------------------
    std::int64_t intArg(const PickleValue& v, const char* what)
    {
        if (v.kind != Kind::Int)
            fail(std::string(what) + " is a " + kindName(v.kind) + ", not an int");
        return v.integer;
    }
    std::vector<std::int64_t> intTuple(const PickleValue& v, const char* what)
    {
        if (v.kind != Kind::Tuple)
            fail(std::string(what) + " is a " + kindName(v.kind) + ", not a tuple");
        std::vector<std::int64_t> out;
        for (const PickleValue& item : m_.sequences_[v.ref])
            out.push_back(intArg(item, what));
        return out;
    }

    // torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
    // backward_hooks[, metadata]): a strided view into the storage. Checked so that no element
    // of the view lies outside the storage, whatever the file claims.
    PickleValue rebuildTensor(const std::vector<PickleValue>& args)
    {
        if (args.size() < 4)
            fail("_rebuild_tensor_v2 needs at least 4 arguments, got " +
                 std::to_string(args.size()));
        if (args[0].kind != Kind::Storage)
            fail(std::string("_rebuild_tensor_v2: first argument is a ") + kindName(args[0].kind) +
                 ", not a storage");
        const at::Tensor storage = m_.tensors_[args[0].ref]; // a handle: tensors_ may grow
        const std::int64_t offset = intArg(args[1], "tensor storage offset");
        const std::vector<std::int64_t> size = intTuple(args[2], "tensor size");
        const std::vector<std::int64_t> stride = intTuple(args[3], "tensor stride");
        if (size.size() != stride.size())
            fail("tensor size and stride differ in length");
        if (size.size() > 64)
            fail("tensor has more than 64 dimensions");
        if (offset < 0)
            fail("negative storage offset");
        const std::int64_t limit = std::numeric_limits<std::int64_t>::max();
        std::int64_t last = offset; // index of the last element the view touches
        bool empty = false;
        for (std::size_t i = 0; i < size.size(); ++i) {
            if (size[i] < 0 || stride[i] < 0)
                fail("negative tensor size or stride");
            if (size[i] == 0)
                empty = true;
            else if (stride[i] != 0 && (size[i] - 1) > (limit - last) / stride[i])
                fail("tensor size and stride overflow");
            else
                last += (size[i] - 1) * stride[i];
        }
        if (empty)
            return m_.addTensor(Kind::Tensor, at::empty(size, storage.options()));
        if (last >= storage.numel())
            fail("tensor reaches element " + std::to_string(last) + " of a storage of " +
                 std::to_string(storage.numel()) + " elements");
        return m_.addTensor(Kind::Tensor,
                            storage.as_strided(size, stride, storage.storage_offset() + offset));
    }

    PickleValue call(const PickleValue& callable, const PickleValue& args)
    {
        if (callable.kind != Kind::Global)
            fail(std::string("REDUCE on a ") + kindName(callable.kind) + ", not a global");
        if (args.kind != Kind::Tuple)
            fail("REDUCE arguments are not a tuple");
        const std::string& name = m_.texts_[callable.ref];
        const std::vector<PickleValue> argv = m_.sequences_[args.ref];
        if (name == kOrderedDict) {
            if (!argv.empty())
                fail("OrderedDict called with arguments");
            return m_.addDict();
        }
        if (name == kRebuildTensor)
            return rebuildTensor(argv);
        if (name == kRebuildParameter) {
            // (data, requires_grad, backward_hooks): we only want the data.
            if (argv.empty() || argv[0].kind != Kind::Tensor)
                fail("_rebuild_parameter without a tensor");
            return argv[0];
        }
        fail("global '" + name + "' cannot be called");
    }

    void build()
    {
        const PickleValue state = pop();
        const PickleValue& target = top();
        // state_dict() returns an OrderedDict carrying a `_metadata` attribute (module
        // versions); pickle restores it with BUILD. We need no attributes, so we drop them.
        if (target.kind == Kind::Dict && (state.kind == Kind::Dict || state.kind == Kind::None))
            return;
        fail(std::string("BUILD on a ") + kindName(target.kind) + " is not supported");
    }

    void global(std::string name)
    {
        if (!isAllowedGlobal(name))
            fail("global '" + printable(name) + "' is not allowed (only torch state dicts load)");
        push(m_.addText(Kind::Global, std::move(name)));
    }

    PickleValue integerFromBytes(std::string_view s)
    {
        if (s.size() > 8)
            return m_.addText(Kind::BigInt, std::string(s));
        std::uint64_t v = 0;
        for (std::size_t i = s.size(); i-- > 0;)
            v = (v << 8) | static_cast<unsigned char>(s[i]);
        if (!s.empty() && s.size() < 8 && (static_cast<unsigned char>(s.back()) & 0x80))
            v |= ~std::uint64_t(0) << (8 * s.size()); // sign-extend
        std::int64_t i;
        std::memcpy(&i, &v, sizeof i);
        return PickleValue::fromInt(i);
    }

    PickleValue tupleOf(std::vector<PickleValue> items)
    {
        return m_.addSequence(Kind::Tuple, std::move(items));
    }

    // Executes one opcode; returns true on STOP.
    bool step()
    {
        switch (opcode_) {
        case 0x80: { // PROTO
            const unsigned version = u8();
            if (version < 2 || version > 5)
                fail("unsupported pickle protocol " + std::to_string(version));
            return false;
        }
        case 0x95: // FRAME: a length hint only, framing does not change the opcode stream
            take(8);
            return false;
        case '.': // STOP
            result_ = pop();
            return true;
        case '(': // MARK
            if (marks_.size() >= m_.limits_.maxMarkDepth)
                fail("MARK nesting deeper than " + std::to_string(m_.limits_.maxMarkDepth));
            marks_.push_back(stack_.size());
            return false;
        case '0': // POP
            pop();
            return false;
        case '1': // POP_MARK
            popMark();
            return false;
        case '2': // DUP
            push(top());
            return false;
        case 'N':
            push(PickleValue::none());
            return false;
        case 0x88: // NEWTRUE
            push(PickleValue::boolean(true));
            return false;
        case 0x89: // NEWFALSE
            push(PickleValue::boolean(false));
            return false;
        case 'J': { // BININT: signed 32-bit
            const auto v = static_cast<std::uint32_t>(littleEndian(4));
            push(PickleValue::fromInt(static_cast<std::int32_t>(v)));
            return false;
        }
        case 'K': // BININT1
            push(PickleValue::fromInt(std::int64_t(littleEndian(1))));
            return false;
        case 'M': // BININT2
            push(PickleValue::fromInt(std::int64_t(littleEndian(2))));
            return false;
        case 0x8a: // LONG1
            push(integerFromBytes(take(littleEndian(1))));
            return false;
        case 0x8b: { // LONG4
            const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(littleEndian(4)));
            if (n < 0)
                fail("negative LONG4 length");
            push(integerFromBytes(take(std::uint64_t(n))));
            return false;
        }
        case 'G': { // BINFLOAT: big-endian IEEE double
            const std::string_view s = take(8);
            std::uint64_t bits = 0;
            for (const char c : s)
                bits = (bits << 8) | static_cast<unsigned char>(c);
            double d;
            std::memcpy(&d, &bits, sizeof d);
            push(PickleValue::fromFloat(d));
            return false;
        }
        case 'X': // BINUNICODE
            push(m_.addText(Kind::String, std::string(take(littleEndian(4)))));
            return false;
        case 0x8c: // SHORT_BINUNICODE
            push(m_.addText(Kind::String, std::string(take(littleEndian(1)))));
            return false;
        case 0x8d: // BINUNICODE8
            push(m_.addText(Kind::String, std::string(take(littleEndian(8)))));
            return false;
        case 'T': { // BINSTRING (Python 2 str): signed 32-bit length
            const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(littleEndian(4)));
            if (n < 0)
                fail("negative BINSTRING length");
            push(m_.addText(Kind::String, std::string(take(std::uint64_t(n)))));
            return false;
        }
        case 'U': // SHORT_BINSTRING
            push(m_.addText(Kind::String, std::string(take(littleEndian(1)))));
            return false;
        case 'B': // BINBYTES
            push(m_.addText(Kind::Bytes, std::string(take(littleEndian(4)))));
            return false;
        case 'C': // SHORT_BINBYTES
            push(m_.addText(Kind::Bytes, std::string(take(littleEndian(1)))));
            return false;
        case 0x8e: // BINBYTES8
            push(m_.addText(Kind::Bytes, std::string(take(littleEndian(8)))));
            return false;
        case ')': // EMPTY_TUPLE
            push(tupleOf({}));
            return false;
        case 0x85: { // TUPLE1
            const PickleValue a = pop();
            push(tupleOf({a}));
            return false;
        }
        case 0x86: { // TUPLE2
            const PickleValue b = pop();
            const PickleValue a = pop();
            push(tupleOf({a, b}));
            return false;
        }
        case 0x87: { // TUPLE3
            const PickleValue c = pop();
            const PickleValue b = pop();
            const PickleValue a = pop();
            push(tupleOf({a, b, c}));
            return false;
        }
        case 't': // TUPLE
            push(tupleOf(popMark()));
            return false;
        case ']': // EMPTY_LIST
            push(m_.addSequence(Kind::List, {}));
            return false;
        case 'l': // LIST
            push(m_.addSequence(Kind::List, popMark()));
            return false;
        case '}': // EMPTY_DICT
            push(m_.addDict());
            return false;
        case 'd': { // DICT
            const std::vector<PickleValue> items = popMark();
            push(m_.addDict());
            setItems(top(), items);
            return false;
        }
        case 'a': { // APPEND
            const PickleValue item = pop();
            appendItems(top(), {item});
            return false;
        }
        case 'e': { // APPENDS
            const std::vector<PickleValue> items = popMark();
            appendItems(top(), items);
            return false;
        }
        case 's': { // SETITEM
            const PickleValue value = pop();
            const PickleValue key = pop();
            setItems(top(), {key, value});
            return false;
        }
        case 'u': { // SETITEMS
            const std::vector<PickleValue> items = popMark();
            setItems(top(), items);
            return false;
        }
        case 'q': // BINPUT
            memoPut(littleEndian(1));
            return false;
        case 'r': // LONG_BINPUT
            memoPut(littleEndian(4));
            return false;
        case 0x94: // MEMOIZE
            memoPut(memo_.size());
            return false;
        case 'h': // BINGET
            memoGet(littleEndian(1));
            return false;
        case 'j': // LONG_BINGET
            memoGet(littleEndian(4));
            return false;
        case 'c': { // GLOBAL
            std::string module(line());
            std::string name(line());
            global(module + " " + name);
            return false;
        }
        case 0x93: { // STACK_GLOBAL
            const PickleValue name = pop();
            const PickleValue module = pop();
            if (name.kind != Kind::String || module.kind != Kind::String)
                fail("STACK_GLOBAL needs two strings");
            global(m_.texts_[module.ref] + " " + m_.texts_[name.ref]);
            return false;
        }
        case 'Q': { // BINPERSID
            const PickleValue pid = pop();
            if (!m_.persistentLoad_)
                fail("persistent id in a pickle that may not have any");
            PickleValue storage;
            try {
                storage = m_.persistentLoad_(m_, pid);
            } catch (const std::exception& e) {
                fail(std::string("persistent id: ") + e.what());
            }
            push(storage);
            return false;
        }
        case 'R': { // REDUCE
            const PickleValue args = pop();
            const PickleValue callable = pop();
            push(call(callable, args));
            return false;
        }
        case 0x81: { // NEWOBJ: cls.__new__(cls, *args); only OrderedDict may be made this way
            const PickleValue args = pop();
            const PickleValue cls = pop();
            if (cls.kind != Kind::Global || m_.texts_[cls.ref] != kOrderedDict)
                fail("NEWOBJ of anything but OrderedDict is not allowed");
            push(call(cls, args));
            return false;
        }
        case 'b': // BUILD
            build();
            return false;
        default:
            fail("unsupported opcode (not written by torch.save)");
        }
    }

    PickleMachine& m_;
    std::string_view bytes_;
    std::size_t pos_;
    std::size_t opStart_ = 0;
    unsigned opcode_ = 0;
    std::vector<PickleValue> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, PickleValue> memo_;
    PickleValue result_;
};

PickleMachine::PickleMachine(PersistentLoad persistentLoad)
    : PickleMachine(std::move(persistentLoad), Limits())
{}

PickleMachine::PickleMachine(PersistentLoad persistentLoad, Limits limits)
    : persistentLoad_(std::move(persistentLoad)), limits_(limits)
{}

PickleValue PickleMachine::run(std::string_view bytes, std::size_t offset, std::size_t* end)
{
    return Run(*this, bytes, offset).execute(end);
}

void PickleMachine::countObject()
{
    if (++objects_ > limits_.maxObjects)
        throw InferenceError("pickle: more than " + std::to_string(limits_.maxObjects) +
                             " objects");
}

PickleValue PickleMachine::addText(Kind kind, std::string text)
{
    countObject();
    texts_.push_back(std::move(text));
    return {kind, 0, 0.0, std::uint32_t(texts_.size() - 1)};
}

PickleValue PickleMachine::addSequence(Kind kind, std::vector<PickleValue> items)
{
    countObject();
    sequences_.push_back(std::move(items));
    return {kind, 0, 0.0, std::uint32_t(sequences_.size() - 1)};
}

PickleValue PickleMachine::addDict()
{
    countObject();
    dicts_.emplace_back();
    return {Kind::Dict, 0, 0.0, std::uint32_t(dicts_.size() - 1)};
}

PickleValue PickleMachine::addTensor(Kind kind, at::Tensor tensor)
{
    countObject();
    tensors_.push_back(std::move(tensor));
    return {kind, 0, 0.0, std::uint32_t(tensors_.size() - 1)};
}

PickleValue PickleMachine::makeStorage(at::Tensor storage)
{
    if (storage.dim() != 1 || !storage.is_contiguous())
        throw InferenceError("pickle: a storage must be a 1-D contiguous tensor");
    return addTensor(Kind::Storage, std::move(storage));
}

namespace {
[[noreturn]] void wrongKind(Kind found, const char* wanted)
{
    throw InferenceError(std::string("pickle: expected ") + wanted + ", found " +
                         PickleMachine::kindName(found));
}
} // namespace

const std::string& PickleMachine::text(const PickleValue& v) const
{
    if (v.kind != Kind::String && v.kind != Kind::Bytes && v.kind != Kind::BigInt &&
        v.kind != Kind::Global)
        wrongKind(v.kind, "text");
    return texts_.at(v.ref);
}

const std::string& PickleMachine::string(const PickleValue& v) const
{
    if (v.kind != Kind::String)
        wrongKind(v.kind, "str");
    return texts_.at(v.ref);
}

const std::vector<PickleValue>& PickleMachine::sequence(const PickleValue& v) const
{
    if (v.kind != Kind::Tuple && v.kind != Kind::List)
        wrongKind(v.kind, "tuple or list");
    return sequences_.at(v.ref);
}

const std::vector<std::pair<PickleValue, PickleValue>>&
PickleMachine::dictItems(const PickleValue& v) const
{
    if (v.kind != Kind::Dict)
        wrongKind(v.kind, "dict");
    return dicts_.at(v.ref);
}

const at::Tensor& PickleMachine::tensor(const PickleValue& v) const
{
    if (v.kind != Kind::Storage && v.kind != Kind::Tensor)
        wrongKind(v.kind, "tensor");
    return tensors_.at(v.ref);
}

const char* PickleMachine::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return "None";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::BigInt:
        return "big int";
    case Kind::Float:
        return "float";
    case Kind::String:
        return "str";
    case Kind::Bytes:
        return "bytes";
    case Kind::Global:
        return "global";
    case Kind::Tuple:
        return "tuple";
    case Kind::List:
        return "list";
    case Kind::Dict:
        return "dict";
    case Kind::Storage:
        return "storage";
    case Kind::Tensor:
        return "tensor";
    }
    return "?";
}

std::optional<at::ScalarType> PickleMachine::storageDtype(std::string_view global)
{
    static const std::pair<const char*, at::ScalarType> table[] = {
        {"torch FloatStorage", at::kFloat}, {"torch DoubleStorage", at::kDouble},
        {"torch HalfStorage", at::kHalf},   {"torch BFloat16Storage", at::kBFloat16},
        {"torch LongStorage", at::kLong},   {"torch IntStorage", at::kInt},
        {"torch ShortStorage", at::kShort}, {"torch CharStorage", at::kChar},
        {"torch ByteStorage", at::kByte},   {"torch BoolStorage", at::kBool},
    };
    for (const auto& [name, type] : table) {
        if (global == name)
            return type;
    }
    return std::nullopt;
}

} // namespace mammolens::inference
