// PickleMachine: the opcodes torch.save writes give the right values; hostile pickles end in a
// specific InferenceError, never a crash, code execution or runaway memory.

#include "inference/util/result.h"
#include "inference/weights/picklemachine.h"
#include "weightstestfiles.h"

#include <QtTest>

using namespace mammolens::inference;
using weightstest::raw;
using Kind = PickleValue::Kind;

namespace {

std::string_view view(const QByteArray& bytes)
{
    return std::string_view(bytes.constData(), std::size_t(bytes.size()));
}

QString runError(const QByteArray& pickle, PickleMachine::PersistentLoad load = {})
{
    PickleMachine machine(std::move(load));
    try {
        machine.run(view(pickle));
    } catch (const InferenceError& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

// A persistent loader handing out one float storage of `numel` elements, 0, 1, 2...
PickleMachine::PersistentLoad floatStorage(std::int64_t numel)
{
    return [numel](PickleMachine& m, const PickleValue&) {
        return m.makeStorage(at::arange(numel, at::kFloat));
    };
}

// _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) in protocol 2.
QByteArray rebuildPickle(const QByteArray& offset, const QByteArray& size, const QByteArray& stride)
{
    return raw("\x80\x02"
               "ctorch._utils\n_rebuild_tensor_v2\n"
               "("
               "X\x01\x00\x00\x00"
               "p"
               "Q") +
           offset + size + stride +
           raw("\x89"
               "ccollections\nOrderedDict\n"
               ")R"
               "t"
               "R.");
}

} // namespace

class TestPickleMachine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scalarsDecode();
    void containersAndMemoShareObjects();
    void stopEndsTheRunAndReportsItsOffset();
    void rebuildTensorMakesAStridedView();
    void stateDictMetadataAttributeIsDropped();
    void hostilePickleIsRejected_data();
    void hostilePickleIsRejected();
    void deepNestingThroughMemoDoesNotCrash();
    void selfReferenceDoesNotHang();
    void objectLimitStopsMemoryGrowth();
};

void TestPickleMachine::scalarsDecode()
{
    PickleMachine machine;
    // (BININT -2, BININT1 255, BININT2 65535, LONG1 -1, LONG1 2^63-1, BINFLOAT 1.5, None, True,
    //  False, 'é' BINUNICODE, SHORT_BINSTRING 'ab', SHORT_BINBYTES '\0', LONG1 with 10 bytes)
    const QByteArray pickle = raw("\x80\x02("
                                  "J\xfe\xff\xff\xff"
                                  "K\xff"
                                  "M\xff\xff"
                                  "\x8a\x01\xff"
                                  "\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f"
                                  "G\x3f\xf8\x00\x00\x00\x00\x00\x00"
                                  "N\x88\x89"
                                  "X\x02\x00\x00\x00\xc3\xa9"
                                  "U\x02"
                                  "ab"
                                  "C\x01\x00"
                                  "\x8a\x0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
                                  "t.");
    const PickleValue v = machine.run(view(pickle));
    const auto& items = machine.sequence(v);
    QCOMPARE(items.size(), std::size_t(13));
    QCOMPARE(items[0].integer, std::int64_t(-2));
    QCOMPARE(items[1].integer, std::int64_t(255));
    QCOMPARE(items[2].integer, std::int64_t(65535));
    QCOMPARE(items[3].integer, std::int64_t(-1));
    QCOMPARE(items[4].integer, std::numeric_limits<std::int64_t>::max());
    QCOMPARE(items[5].real, 1.5);
    QVERIFY(items[6].kind == Kind::None);
    QVERIFY(items[7].kind == Kind::Bool && items[7].integer == 1);
    QVERIFY(items[8].kind == Kind::Bool && items[8].integer == 0);
    QCOMPARE(machine.string(items[9]), std::string("é"));
    QCOMPARE(machine.string(items[10]), std::string("ab"));
    QVERIFY(items[11].kind == Kind::Bytes);
    QCOMPARE(machine.text(items[11]), std::string(1, '\0'));
    QVERIFY(items[12].kind == Kind::BigInt);
    QCOMPARE(machine.text(items[12]).size(), std::size_t(10));
}

void TestPickleMachine::containersAndMemoShareObjects()
{
    PickleMachine machine;
    // d = {}; l = [1, 2]; d['x'] = l; d['y'] = l (memo); l.append(3) after both are set.
    const QByteArray pickle = raw("\x80\x02"
                                  "}q\x00"
                                  "(X\x01\x00\x00\x00"
                                  "x"
                                  "]q\x01"
                                  "(K\x01"
                                  "K\x02"
                                  "e"
                                  "X\x01\x00\x00\x00"
                                  "y"
                                  "h\x01"
                                  "u"
                                  "h\x01"
                                  "K\x03"
                                  "a"
                                  "0.");
    const PickleValue d = machine.run(view(pickle));
    const auto& items = machine.dictItems(d);
    QCOMPARE(items.size(), std::size_t(2));
    QCOMPARE(machine.string(items[0].first), std::string("x"));
    QCOMPARE(items[0].second.ref, items[1].second.ref); // the same list, not a copy
    QCOMPARE(machine.sequence(items[1].second).size(), std::size_t(3));
}

void TestPickleMachine::stopEndsTheRunAndReportsItsOffset()
{
    PickleMachine machine;
    const QByteArray two = raw("\x80\x02K\x07.\x80\x02K\x08.");
    std::size_t end = 0;
    QCOMPARE(machine.run(view(two), 0, &end).integer, std::int64_t(7));
    QCOMPARE(end, std::size_t(5));
    QCOMPARE(machine.run(view(two), end, &end).integer, std::int64_t(8));
    QCOMPARE(end, std::size_t(10));
}

void TestPickleMachine::rebuildTensorMakesAStridedView()
{
    // A 2x3 tensor at offset 1 with stride (1, 2) of a 7-element storage: a transposed view.
    PickleMachine machine(floatStorage(7));
    const PickleValue v = machine.run(
        view(rebuildPickle(raw("K\x01"), raw("K\x02K\x03\x86"), raw("K\x01K\x02\x86"))));
    QVERIFY(v.kind == Kind::Tensor);
    const at::Tensor t = machine.tensor(v);
    const at::Tensor expected = at::tensor({1.f, 3.f, 5.f, 2.f, 4.f, 6.f}).view({2, 3});
    QVERIFY(at::equal(t, expected));
}

void TestPickleMachine::stateDictMetadataAttributeIsDropped()
{
    // module.state_dict() is an OrderedDict with a `_metadata` attribute, which pickle restores
    // with BUILD({'_metadata': ...}) after the items: the items must survive, the state go.
    PickleMachine machine;
    const QByteArray pickle = raw("\x80\x02"
                                  "ccollections\nOrderedDict\n"
                                  "q\x00"
                                  ")R"
                                  "(X\x01\x00\x00\x00"
                                  "k"
                                  "K\x07"
                                  "u"
                                  "}(X\x09\x00\x00\x00"
                                  "_metadata"
                                  "h\x00"
                                  ")R"
                                  "u"
                                  "b.");
    const PickleValue d = machine.run(view(pickle));
    QVERIFY(d.kind == Kind::Dict);
    QCOMPARE(machine.dictItems(d).size(), std::size_t(1));
    QCOMPARE(machine.dictItems(d)[0].second.integer, std::int64_t(7));

    // NEWOBJ(OrderedDict, ()) is the other way a dict subclass may be created.
    const PickleValue n = machine.run(view(raw("\x80\x02"
                                               "ccollections\nOrderedDict\n"
                                               ")\x81.")));
    QVERIFY(n.kind == Kind::Dict);
}

void TestPickleMachine::hostilePickleIsRejected_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<int>("storageNumel"); // 0: no persistent loader
    QTest::addColumn<QString>("expected");

    QTest::newRow("os.system via GLOBAL") << raw("\x80\x02"
                                                 "cos\nsystem\n"
                                                 "X\x02\x00\x00\x00"
                                                 "ls"
                                                 "\x85R.")
                                          << 0 << "global 'os system' is not allowed";
    QTest::newRow("builtins.eval via STACK_GLOBAL") << raw("\x80\x04"
                                                           "\x8c\x08"
                                                           "builtins"
                                                           "\x8c\x04"
                                                           "eval"
                                                           "\x93.")
                                                    << 0 << "global 'builtins eval' is not allowed";
    QTest::newRow("calling a storage type") << raw("\x80\x02"
                                                   "ctorch\nFloatStorage\n"
                                                   ")R.")
                                            << 0 << "cannot be called";
    QTest::newRow("NEWOBJ of a tensor rebuilder") << raw("\x80\x02"
                                                         "ctorch._utils\n_rebuild_tensor_v2\n"
                                                         ")\x81.")
                                                  << 0 << "NEWOBJ of anything but OrderedDict";
    QTest::newRow("deep MARK nesting") << QByteArray(100000, '(') << 0 << "MARK nesting deeper";
    QTest::newRow("stack underflow") << raw("\x80\x02"
                                            "0.")
                                     << 0 << "stack underflow";
    QTest::newRow("pop below a mark") << raw("\x80\x02"
                                             "K\x01(0.")
                                      << 0 << "stack underflow";
    QTest::newRow("memo key never stored") << raw("\x80\x02"
                                                  "h\x05.")
                                           << 0 << "memo key 5";
    QTest::newRow("string longer than the data") << raw("\x80\x02"
                                                        "X\xff\xff\xff\x7f"
                                                        "abc.")
                                                 << 0 << "truncated: needs 2147483647";
    QTest::newRow("no STOP") << raw("\x80\x02"
                                    "K\x01")
                             << 0 << "truncated";
    QTest::newRow("empty") << QByteArray() << 0 << "no data";
    QTest::newRow("unknown opcode") << raw("\x80\x02"
                                           "\xff.")
                                    << 0 << "unsupported opcode";
    QTest::newRow("text protocol opcode") << raw("I42\n.") << 0 << "unsupported opcode";
    QTest::newRow("protocol 99") << raw("\x80\x63.") << 0 << "protocol 99";
    QTest::newRow("APPEND to a dict") << raw("\x80\x02"
                                             "}K\x01"
                                             "a.")
                                      << 0 << "APPEND into a dict";
    QTest::newRow("persistent id without loader") << raw("\x80\x02"
                                                         "K\x01Q.")
                                                  << 0 << "persistent id in a pickle";
    QTest::newRow("tensor past the storage end")
        << rebuildPickle(raw("K\x05"), raw("K\x02K\x03\x86"), raw("K\x03K\x01\x86")) << 7
        << "reaches element 10 of a storage of 7";
    QTest::newRow("tensor with overflowing stride")
        << rebuildPickle(raw("K\x00"), raw("K\x03\x85"),
                         raw("\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f\x85"))
        << 7 << "overflow";
    QTest::newRow("tensor with negative stride")
        << rebuildPickle(raw("K\x00"), raw("K\x02\x85"), raw("J\xff\xff\xff\xff\x85")) << 7
        << "negative";
    QTest::newRow("tensor without storage") << raw("\x80\x02"
                                                   "ctorch._utils\n_rebuild_tensor_v2\n"
                                                   "(K\x01K\x00)))t"
                                                   "R.")
                                            << 0 << "not a storage";
    QTest::newRow("over-long GLOBAL line") << raw("\x80\x02"
                                                  "c") +
                                                  QByteArray(1000, 'a') + "\nb\n."
                                           << 0 << "over-long GLOBAL";
    QTest::newRow("BUILD on a tensor rebuilder") << raw("\x80\x02"
                                                        "ctorch._utils\n_rebuild_tensor_v2\n"
                                                        "}b.")
                                                 << 0 << "BUILD on a global";
}

void TestPickleMachine::hostilePickleIsRejected()
{
    QFETCH(QByteArray, pickle);
    QFETCH(int, storageNumel);
    QFETCH(QString, expected);
    const QString error = runError(pickle, storageNumel ? floatStorage(storageNumel)
                                                        : PickleMachine::PersistentLoad());
    QVERIFY2(error.startsWith("pickle: "), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestPickleMachine::deepNestingThroughMemoDoesNotCrash()
{
    // One million lists, each put inside the next through the memo: a million levels of nesting
    // with a two-entry stack. Values are handles into flat tables, so nothing recurses.
    QByteArray pickle = raw("\x80\x02]q\x00");
    const QByteArray step = raw("0]h\x00"
                                "a"
                                "q\x00");
    pickle.reserve(pickle.size() + step.size() * 1000000 + 1);
    for (int i = 0; i < 1000000; ++i)
        pickle += step;
    pickle += '.';
    {
        PickleMachine machine;
        const PickleValue v = machine.run(view(pickle));
        QVERIFY(v.kind == Kind::List);
        QCOMPARE(machine.sequence(v).size(), std::size_t(1));
    } // destroying the machine must not recurse either
}

void TestPickleMachine::selfReferenceDoesNotHang()
{
    PickleMachine machine;
    const PickleValue v = machine.run(view(raw("\x80\x02]q\x00h\x00"
                                               "a.")));
    QCOMPARE(machine.sequence(v)[0].ref, v.ref);
}

void TestPickleMachine::objectLimitStopsMemoryGrowth()
{
    PickleMachine::Limits limits;
    limits.maxObjects = 1000;
    PickleMachine machine({}, limits);
    QByteArray pickle = raw("\x80\x02");
    for (int i = 0; i < 2000; ++i)
        pickle += raw("]0");
    pickle += raw("N.");
    QVERIFY_THROWS_EXCEPTION(InferenceError, machine.run(view(pickle)));
}

QTEST_GUILESS_MAIN(TestPickleMachine)
#include "tst_picklemachine.moc"
