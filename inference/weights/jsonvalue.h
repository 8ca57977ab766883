#pragma once
// A small strict JSON value (RFC 8259) for safetensors headers. We parse untrusted files, so the
// parser rejects anything outside the grammar, bounds nesting depth and reports the byte offset of
// the first error; a general-purpose JSON library would be one more dependency inference/ may not
// have (ARCHITECTURE.md: LibTorch and the standard library only).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mammolens::inference {

struct JsonMember;

/// One JSON value. Objects keep their members in file order and reject duplicate keys.
/// Parsing and serialising throw InferenceError (inference/ internal); callers at the module
/// boundary convert it with captureErrors().
class JsonValue
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    JsonValue() = default;
    static JsonValue boolean(bool b);
    static JsonValue integer(std::int64_t i);
    static JsonValue number(double d);
    static JsonValue string(std::string s);
    static JsonValue array(std::vector<JsonValue> items = {});
    static JsonValue object(std::vector<JsonMember> members = {});

    /// Parses one complete document (surrounding whitespace allowed, nothing else). Nesting
    /// depth and the number of values are bounded so that hostile input cannot exhaust the stack
    /// or memory (a value takes about 100 bytes; a GMIC safetensors header holds about 2000).
    static JsonValue parse(std::string_view text, std::size_t maxDepth = 64,
                           std::size_t maxValues = 1'000'000);
    /// Compact form: no whitespace, members in stored order, non-ASCII UTF-8 written as is.
    std::string serialize() const;

    Type type() const { return type_; }
    bool isNull() const { return type_ == Type::Null; }
    bool isBool() const { return type_ == Type::Bool; }
    bool isNumber() const { return type_ == Type::Number; }
    /// A number written without fraction or exponent that fits in int64.
    bool isInteger() const { return type_ == Type::Number && isInteger_; }
    bool isString() const { return type_ == Type::String; }
    bool isArray() const { return type_ == Type::Array; }
    bool isObject() const { return type_ == Type::Object; }

    bool asBool() const;
    std::int64_t asInteger() const;
    double asDouble() const;
    const std::string& asString() const;
    const std::vector<JsonValue>& items() const;
    const std::vector<JsonMember>& members() const;

    /// The member named `key`, or nullptr (also when this is not an object).
    const JsonValue* find(std::string_view key) const;
    /// Appends to an array / object (the object variant rejects a duplicate key).
    void append(JsonValue item);
    void insert(std::string key, JsonValue value);

    static const char* typeName(Type type);

private:
    void requireType(Type wanted) const;

    Type type_ = Type::Null;
    bool bool_ = false;
    bool isInteger_ = false;
    std::int64_t integer_ = 0;
    double double_ = 0.0;
    std::string string_;
    std::vector<JsonValue> items_;
    std::vector<JsonMember> members_;
};

struct JsonMember
{
    std::string key;
    JsonValue value;
};

} // namespace mammolens::inference
