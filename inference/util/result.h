#pragma once
// Errors are values at the engine's boundary (ARCHITECTURE.md "Errors and bad input"): LibTorch
// exceptions stay inside inference/, callers receive a Result holding a value or a message.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace mammolens::inference {

/// Thrown inside inference/ only; converted to a Result at the public boundary.
class InferenceError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

template <typename T>
class Result
{
public:
    Result(T value) : value_(std::move(value)) {}
    static Result failure(std::string message)
    {
        Result r;
        r.error_ = std::move(message);
        return r;
    }

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return error_; }

    T& value() &
    {
        check();
        return *value_;
    }
    const T& value() const&
    {
        check();
        return *value_;
    }
    T&& value() &&
    {
        check();
        return std::move(*value_);
    }

private:
    Result() = default;
    void check() const
    {
        if (!value_)
            throw InferenceError("Result has no value: " + error_);
    }

    std::optional<T> value_;
    std::string error_;
};

/// Runs `fn` and turns any exception (ours, LibTorch's c10::Error, std::bad_alloc) into a failure.
template <typename Fn>
auto captureErrors(Fn&& fn) -> Result<decltype(fn())>
{
    try {
        return Result<decltype(fn())>(fn());
    } catch (const std::exception& e) {
        return Result<decltype(fn())>::failure(e.what());
    }
}

} // namespace mammolens::inference
