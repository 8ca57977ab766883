#pragma once
// The value-or-error type of core/'s boundaries (ARCHITECTURE.md "Errors and bad input"): a bad
// file costs that file, and its error says which file and what was wrong.

#include <QString>

#include <optional>
#include <utility>

namespace mammolens::core {

struct Error
{
    QString code;    ///< stable machine-readable reason, e.g. "dicom.truncated"
    QString message; ///< specific English description (ui/ translates codes for display)
    QString source;  ///< the file (or SOP Instance UID) the error belongs to, when there is one

    QString toString() const { return source.isEmpty() ? message : source + ": " + message; }
};

template <typename T>
class Outcome
{
public:
    Outcome(T value) : value_(std::move(value)) {}
    Outcome(Error error) : error_(std::move(error)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return error_; }
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }

private:
    std::optional<T> value_;
    Error error_;
};

} // namespace mammolens::core
