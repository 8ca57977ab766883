// JsonValue: the strict parser accepts the grammar and nothing else, says where input went
// wrong, and the writer's output parses back to the same value.

#include "inference/util/result.h"
#include "inference/weights/jsonvalue.h"

#include <QtTest>
#include <limits>

using namespace mammolens::inference;

namespace {

QString parseError(const QByteArray& text, std::size_t maxDepth = 64)
{
    try {
        JsonValue::parse(std::string_view(text.constData(), std::size_t(text.size())), maxDepth);
    } catch (const InferenceError& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

} // namespace

class TestJsonValue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesNestedDocument();
    void parsesEscapesAndUnicode();
    void integersKeepFullInt64Range();
    void nonIntegersAreDoubles();
    void invalidInputIsRejectedAtItsOffset_data();
    void invalidInputIsRejectedAtItsOffset();
    void nestingBeyondLimitIsRejected();
    void valueCountBeyondLimitIsRejected();
    void serializeRoundTrips();
    void accessorOfWrongTypeThrows();
};

void TestJsonValue::parsesNestedDocument()
{
    const JsonValue v = JsonValue::parse(
        R"( {"a": [1, -2, 3.5, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} )");
    QVERIFY(v.isObject());
    QCOMPARE(v.members().size(), std::size_t(4));
    QCOMPARE(v.members()[0].key, std::string("a")); // file order is kept
    const auto& a = v.find("a")->items();
    QCOMPARE(a.size(), std::size_t(6));
    QCOMPARE(a[0].asInteger(), std::int64_t(1));
    QCOMPARE(a[1].asInteger(), std::int64_t(-2));
    QCOMPARE(a[2].asDouble(), 3.5);
    QVERIFY(!a[2].isInteger());
    QCOMPARE(a[3].asBool(), true);
    QCOMPARE(a[4].asBool(), false);
    QVERIFY(a[5].isNull());
    QCOMPARE(v.find("b")->find("c")->asString(), std::string("d"));
    QVERIFY(v.find("e")->members().empty());
    QVERIFY(v.find("f")->items().empty());
    QVERIFY(v.find("missing") == nullptr);
}

void TestJsonValue::parsesEscapesAndUnicode()
{
    const JsonValue v =
        JsonValue::parse(R"(["\"\\\/\b\f\n\r\t", "\u00e9\u20ac\ud83d\ude00", "ü€"])");
    QCOMPARE(v.items()[0].asString(), std::string("\"\\/\b\f\n\r\t"));
    QCOMPARE(v.items()[1].asString(), std::string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
    QCOMPARE(v.items()[2].asString(), std::string("ü€"));
}

void TestJsonValue::integersKeepFullInt64Range()
{
    const JsonValue v = JsonValue::parse("[9223372036854775807, -9223372036854775808, 0]");
    QCOMPARE(v.items()[0].asInteger(), std::numeric_limits<std::int64_t>::max());
    QCOMPARE(v.items()[1].asInteger(), std::numeric_limits<std::int64_t>::min());
    QCOMPARE(v.items()[2].asInteger(), std::int64_t(0));
}

void TestJsonValue::nonIntegersAreDoubles()
{
    const JsonValue v = JsonValue::parse("[9223372036854775808, 1e3, -0.25, 1E-2]");
    QVERIFY(!v.items()[0].isInteger()); // beyond int64: kept as a double, never wrapped
    QCOMPARE(v.items()[0].asDouble(), 9223372036854775808.0);
    QVERIFY(!v.items()[1].isInteger());
    QCOMPARE(v.items()[1].asDouble(), 1000.0);
    QCOMPARE(v.items()[2].asDouble(), -0.25);
    QCOMPARE(v.items()[3].asDouble(), 0.01);
    QVERIFY_THROWS_EXCEPTION(InferenceError, v.items()[1].asInteger());
}

void TestJsonValue::invalidInputIsRejectedAtItsOffset_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray("") << "byte 0: unexpected end of input";
    QTest::newRow("trailing comma in array") << QByteArray("[1,]") << "byte 3: unexpected";
    QTest::newRow("trailing comma in object") << QByteArray(R"({"a":1,})") << "byte 7: expected a";
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << "byte 5: expected ':'";
    QTest::newRow("single quotes") << QByteArray("['a']") << "byte 1: unexpected character";
    QTest::newRow("leading zero") << QByteArray("[01]") << "byte 2: leading zero";
    QTest::newRow("bare minus") << QByteArray("-") << "byte 1: expected a digit";
    QTest::newRow("dot without digits") << QByteArray("1.") << "byte 2: expected a digit";
    QTest::newRow("huge exponent") << QByteArray("1e999") << "byte 0: number out of range";
    QTest::newRow("unterminated string") << QByteArray(R"(["abc)") << "unterminated string";
    QTest::newRow("control character") << QByteArray("[\"a\tb\"]") << "byte 3: unescaped control";
    QTest::newRow("bad escape") << QByteArray(R"(["\x"])") << "byte 2: invalid escape";
    QTest::newRow("lone high surrogate") << QByteArray(R"(["\ud83d"])") << "high surrogate";
    QTest::newRow("lone low surrogate") << QByteArray(R"(["\ude00"])") << "lone low surrogate";
    QTest::newRow("invalid UTF-8") << QByteArray("[\"\xff\"]") << "byte 2: invalid UTF-8";
    QTest::newRow("overlong UTF-8") << QByteArray("[\"\xe0\x80\xaf\"]") << "invalid UTF-8";
    QTest::newRow("duplicate key") << QByteArray(R"({"a":1,"a":2})") << "byte 7: duplicate";
    QTest::newRow("two documents") << QByteArray("{} {}") << "byte 3: unexpected data after";
    QTest::newRow("NaN") << QByteArray("NaN") << "byte 0: unexpected character";
    QTest::newRow("bad literal") << QByteArray("tru") << "byte 0: invalid literal";
    QTest::newRow("unclosed object") << QByteArray(R"({"a":1)") << "unexpected end of input";
}

void TestJsonValue::invalidInputIsRejectedAtItsOffset()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const QString error = parseError(text);
    QVERIFY2(error.startsWith("JSON error at byte "), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestJsonValue::nestingBeyondLimitIsRejected()
{
    QVERIFY(parseError(QByteArray(64, '[') + QByteArray(64, ']')).isEmpty());
    QVERIFY(parseError(QByteArray(65, '[') + QByteArray(65, ']')).contains("nesting deeper"));
    // Far beyond the limit: rejected before the recursion can exhaust the stack.
    QVERIFY(parseError(QByteArray(1000000, '[')).contains("byte 64: nesting deeper than 64"));
}

void TestJsonValue::valueCountBeyondLimitIsRejected()
{
    // 4 values: the array and its three items.
    QVERIFY_THROWS_EXCEPTION(InferenceError, JsonValue::parse("[1,2,3]", 64, 3));
    QCOMPARE(JsonValue::parse("[1,2,3]", 64, 4).items().size(), std::size_t(3));
}

void TestJsonValue::serializeRoundTrips()
{
    JsonValue v = JsonValue::object();
    v.insert("text", JsonValue::string("quote \" backslash \\ newline \n tab \t bell \x07 é"));
    v.insert("int", JsonValue::integer(std::numeric_limits<std::int64_t>::min()));
    v.insert("real", JsonValue::number(0.1));
    v.insert("list", JsonValue::array({JsonValue(), JsonValue::boolean(true)}));
    const std::string text = v.serialize();
    const std::string expected = "{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell "
                                 "\\u0007 é\",\"int\":-9223372036854775808,\"real\":0.1,"
                                 "\"list\":[null,true]}";
    QCOMPARE(text, expected);
    const JsonValue back = JsonValue::parse(text);
    QCOMPARE(back.serialize(), text);
    QCOMPARE(back.find("real")->asDouble(), 0.1);
    QVERIFY_THROWS_EXCEPTION(InferenceError, v.insert("int", JsonValue()));
    QVERIFY_THROWS_EXCEPTION(InferenceError,
                             JsonValue::number(std::numeric_limits<double>::infinity()));
}

void TestJsonValue::accessorOfWrongTypeThrows()
{
    const JsonValue v = JsonValue::parse(R"({"a":"b"})");
    QVERIFY_THROWS_EXCEPTION(InferenceError, v.items());
    QVERIFY_THROWS_EXCEPTION(InferenceError, v.find("a")->asInteger());
    QVERIFY_THROWS_EXCEPTION(InferenceError, v.asString());
}

QTEST_GUILESS_MAIN(TestJsonValue)
#include "tst_jsonvalue.moc"
