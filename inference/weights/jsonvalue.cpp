#include "inference/weights/jsonvalue.h"

#include "inference/util/result.h"

#include <charconv>
#include <cmath>
#include <set>

namespace mammolens::inference {

namespace {

// Recursive descent over the bytes; every error names the byte offset where it was found.
class JsonParser
{
public:
    JsonParser(std::string_view text, std::size_t maxDepth, std::size_t maxValues)
        : text_(text), maxDepth_(maxDepth), maxValues_(maxValues)
    {}

    JsonValue parseDocument()
    {
        skipWhitespace();
        JsonValue value = parseValue(0);
        skipWhitespace();
        if (pos_ != text_.size())
            fail("unexpected data after the JSON value");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { failAt(pos_, what); }
    [[noreturn]] void failAt(std::size_t at, const std::string& what) const
    {
        throw InferenceError("JSON error at byte " + std::to_string(at) + ": " + what);
    }

    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }

    void skipWhitespace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++pos_;
    }

    void expect(char c, const char* context)
    {
        if (atEnd())
            fail(std::string("unexpected end of input, expected '") + c + "' " + context);
        if (peek() != c)
            fail(std::string("expected '") + c + "' " + context);
        ++pos_;
    }

    void expectLiteral(std::string_view literal)
    {
        if (text_.substr(pos_, literal.size()) != literal)
            fail("invalid literal");
        pos_ += literal.size();
    }

    JsonValue parseValue(std::size_t depth)
    {
        if (atEnd())
            fail("unexpected end of input, expected a value");
        if (++values_ > maxValues_)
            fail("more than " + std::to_string(maxValues_) + " values");
        switch (peek()) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"':
            return JsonValue::string(parseString());
        case 't':
            expectLiteral("true");
            return JsonValue::boolean(true);
        case 'f':
            expectLiteral("false");
            return JsonValue::boolean(false);
        case 'n':
            expectLiteral("null");
            return JsonValue();
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber();
            fail("unexpected character, expected a value");
        }
    }

    void checkDepth(std::size_t depth) const
    {
        if (depth > maxDepth_)
            fail("nesting deeper than " + std::to_string(maxDepth_) + " levels");
    }

    JsonValue parseObject(std::size_t depth)
    {
        checkDepth(depth);
        ++pos_; // '{'
        std::vector<JsonMember> members;
        std::set<std::string> seen; // duplicate keys make a header ambiguous: reject them
        skipWhitespace();
        if (peek() == '}') {
            ++pos_;
            return JsonValue::object(std::move(members));
        }
        for (;;) {
            skipWhitespace();
            if (peek() != '"')
                fail(atEnd() ? "unexpected end of input, expected an object key"
                             : "expected a string as object key");
            const std::size_t keyStart = pos_;
            std::string key = parseString();
            if (!seen.insert(key).second)
                failAt(keyStart, "duplicate object key \"" + key + "\"");
            skipWhitespace();
            expect(':', "after object key");
            skipWhitespace();
            JsonValue value = parseValue(depth);
            members.push_back(JsonMember{std::move(key), std::move(value)});
            skipWhitespace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}', "or ',' in object");
            return JsonValue::object(std::move(members));
        }
    }

    JsonValue parseArray(std::size_t depth)
    {
        checkDepth(depth);
        ++pos_; // '['
        std::vector<JsonValue> items;
        skipWhitespace();
        if (peek() == ']') {
            ++pos_;
            return JsonValue::array(std::move(items));
        }
        for (;;) {
            skipWhitespace();
            items.push_back(parseValue(depth));
            skipWhitespace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']', "or ',' in array");
            return JsonValue::array(std::move(items));
        }
    }

    unsigned parseHex4()
    {
        if (text_.size() - pos_ < 4)
            fail("truncated \\u escape");
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= unsigned(c - 'A' + 10);
            else
                failAt(pos_ - 1, "invalid hex digit in \\u escape");
        }
        return value;
    }

    static void appendUtf8(std::string& out, unsigned cp)
    {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    // Copies one UTF-8 sequence starting at pos_, rejecting overlong forms and surrogates, so a
    // tensor name that reaches a log line or a file is always valid text.
    void copyUtf8Sequence(std::string& out)
    {
        const auto lead = static_cast<unsigned char>(text_[pos_]);
        std::size_t length = 0;
        unsigned cp = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            cp = lead & 0x07;
        } else {
            fail("invalid UTF-8 in string");
        }
        if (text_.size() - pos_ < length)
            fail("truncated UTF-8 sequence in string");
        for (std::size_t i = 1; i < length; ++i) {
            const auto c = static_cast<unsigned char>(text_[pos_ + i]);
            if ((c & 0xC0) != 0x80)
                fail("invalid UTF-8 in string");
            cp = (cp << 6) | (c & 0x3F);
        }
        const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail("invalid UTF-8 in string");
        out.append(text_.substr(pos_, length));
        pos_ += length;
    }

    std::string parseString()
    {
        ++pos_; // opening quote
        std::string out;
        for (;;) {
            if (atEnd())
                fail("unterminated string");
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c < 0x20)
                fail("unescaped control character in string");
            if (c >= 0x80) {
                copyUtf8Sequence(out);
                continue;
            }
            if (c != '\\') {
                out += char(c);
                ++pos_;
                continue;
            }
            const std::size_t escapeStart = pos_;
            ++pos_;
            if (atEnd())
                fail("unterminated escape in string");
            switch (text_[pos_++]) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned cp = parseHex4();
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    failAt(escapeStart, "lone low surrogate in \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (text_.substr(pos_, 2) != "\\u")
                        failAt(escapeStart, "high surrogate not followed by a low surrogate");
                    pos_ += 2;
                    const unsigned low = parseHex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        failAt(escapeStart, "high surrogate not followed by a low surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                failAt(escapeStart, "invalid escape in string");
            }
        }
    }

    JsonValue parseNumber()
    {
        const std::size_t start = pos_;
        auto digits = [&] {
            const std::size_t from = pos_;
            while (!atEnd() && peek() >= '0' && peek() <= '9')
                ++pos_;
            return pos_ - from;
        };
        if (peek() == '-')
            ++pos_;
        if (peek() == '0') {
            ++pos_;
            if (!atEnd() && peek() >= '0' && peek() <= '9')
                fail("leading zero in number");
        } else if (digits() == 0) {
            fail("expected a digit");
        }
        bool integral = true;
        if (peek() == '.') {
            ++pos_;
            integral = false;
            if (digits() == 0)
                fail("expected a digit after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            integral = false;
            if (peek() == '+' || peek() == '-')
                ++pos_;
            if (digits() == 0)
                fail("expected a digit in exponent");
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + pos_;
        if (integral) {
            std::int64_t i = 0;
            const auto [end, ec] = std::from_chars(first, last, i);
            if (ec == std::errc() && end == last)
                return JsonValue::integer(i);
            // Out of int64 range: fall through and keep it as a double, flagged non-integer.
        }
        double d = 0.0;
        const auto [end, ec] = std::from_chars(first, last, d);
        if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(d)))
            failAt(start, "number out of range");
        if (ec != std::errc() || end != last)
            failAt(start, "invalid number");
        return JsonValue::number(d);
    }

    std::string_view text_;
    std::size_t maxDepth_;
    std::size_t maxValues_;
    std::size_t values_ = 0;
    std::size_t pos_ = 0;
};

void writeString(std::string& out, const std::string& s)
{
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void writeValue(std::string& out, const JsonValue& v)
{
    switch (v.type()) {
    case JsonValue::Type::Null:
        out += "null";
        break;
    case JsonValue::Type::Bool:
        out += v.asBool() ? "true" : "false";
        break;
    case JsonValue::Type::Number: {
        char buffer[32];
        const auto [end, ec] = v.isInteger()
                                   ? std::to_chars(buffer, buffer + sizeof buffer, v.asInteger())
                                   : std::to_chars(buffer, buffer + sizeof buffer, v.asDouble());
        if (ec != std::errc())
            throw InferenceError("JSON: cannot format number");
        out.append(buffer, end);
        break;
    }
    case JsonValue::Type::String:
        writeString(out, v.asString());
        break;
    case JsonValue::Type::Array: {
        out += '[';
        bool first = true;
        for (const JsonValue& item : v.items()) {
            if (!first)
                out += ',';
            first = false;
            writeValue(out, item);
        }
        out += ']';
        break;
    }
    case JsonValue::Type::Object: {
        out += '{';
        bool first = true;
        for (const JsonMember& m : v.members()) {
            if (!first)
                out += ',';
            first = false;
            writeString(out, m.key);
            out += ':';
            writeValue(out, m.value);
        }
        out += '}';
        break;
    }
    }
}

} // namespace

JsonValue JsonValue::boolean(bool b)
{
    JsonValue v;
    v.type_ = Type::Bool;
    v.bool_ = b;
    return v;
}

JsonValue JsonValue::integer(std::int64_t i)
{
    JsonValue v;
    v.type_ = Type::Number;
    v.isInteger_ = true;
    v.integer_ = i;
    v.double_ = double(i);
    return v;
}

JsonValue JsonValue::number(double d)
{
    // JSON has no NaN or infinity; refusing them here keeps serialize() total.
    if (!std::isfinite(d))
        throw InferenceError("JSON: NaN and infinity cannot be represented");
    JsonValue v;
    v.type_ = Type::Number;
    v.double_ = d;
    return v;
}

JsonValue JsonValue::string(std::string s)
{
    JsonValue v;
    v.type_ = Type::String;
    v.string_ = std::move(s);
    return v;
}

JsonValue JsonValue::array(std::vector<JsonValue> items)
{
    JsonValue v;
    v.type_ = Type::Array;
    v.items_ = std::move(items);
    return v;
}

JsonValue JsonValue::object(std::vector<JsonMember> members)
{
    JsonValue v;
    v.type_ = Type::Object;
    v.members_ = std::move(members);
    return v;
}

JsonValue JsonValue::parse(std::string_view text, std::size_t maxDepth, std::size_t maxValues)
{
    return JsonParser(text, maxDepth, maxValues).parseDocument();
}

std::string JsonValue::serialize() const
{
    std::string out;
    writeValue(out, *this);
    return out;
}

const char* JsonValue::typeName(Type type)
{
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "boolean";
    case Type::Number:
        return "number";
    case Type::String:
        return "string";
    case Type::Array:
        return "array";
    case Type::Object:
        return "object";
    }
    return "?";
}

void JsonValue::requireType(Type wanted) const
{
    if (type_ != wanted)
        throw InferenceError(std::string("JSON: expected ") + typeName(wanted) + ", found " +
                             typeName(type_));
}

bool JsonValue::asBool() const
{
    requireType(Type::Bool);
    return bool_;
}

std::int64_t JsonValue::asInteger() const
{
    requireType(Type::Number);
    if (!isInteger_)
        throw InferenceError("JSON: expected an integer, found a non-integer number");
    return integer_;
}

double JsonValue::asDouble() const
{
    requireType(Type::Number);
    return double_;
}

const std::string& JsonValue::asString() const
{
    requireType(Type::String);
    return string_;
}

const std::vector<JsonValue>& JsonValue::items() const
{
    requireType(Type::Array);
    return items_;
}

const std::vector<JsonMember>& JsonValue::members() const
{
    requireType(Type::Object);
    return members_;
}

const JsonValue* JsonValue::find(std::string_view key) const
{
    if (type_ != Type::Object)
        return nullptr;
    for (const JsonMember& m : members_) {
        if (m.key == key)
            return &m.value;
    }
    return nullptr;
}

void JsonValue::append(JsonValue item)
{
    requireType(Type::Array);
    items_.push_back(std::move(item));
}

void JsonValue::insert(std::string key, JsonValue value)
{
    requireType(Type::Object);
    if (find(key))
        throw InferenceError("JSON: duplicate object key \"" + key + "\"");
    members_.push_back(JsonMember{std::move(key), std::move(value)});
}

} // namespace mammolens::inference
