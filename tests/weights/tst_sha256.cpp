// Sha256 and hashTensorMap: FIPS 180-4 vectors, streaming in pieces, and a model identity that
// depends on the weights only, not on the file format or memory layout they came in.

#include "inference/util/sha256.h"
#include "inference/weights/weightsreader.h"

#include <QtTest>

using namespace mammolens::inference;

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownVectors_data();
    void knownVectors();
    void millionAs();
    void updatesInPiecesEqualOneUpdate();
    void portableAndShaInstructionsAgree();
    void tensorHashIgnoresLayoutAndInsertionOrder();
    void tensorHashSeesEveryChange_data();
    void tensorHashSeesEveryChange();
    void tinyCheckpointsHaveOneIdentity();
};

void TestSha256::knownVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    QTest::newRow("empty") << QByteArray("")
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc")
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("448 bits") << QByteArray(
                                     "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("896 bits")
        << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
                      "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
        << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
}

void TestSha256::knownVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    Sha256 sha;
    sha.update(input.constData(), std::size_t(input.size()));
    QCOMPARE(QString::fromStdString(sha.hexDigest()), digest);
}

void TestSha256::millionAs()
{
    const std::string input(1000000, 'a');
    Sha256 sha;
    sha.update(input);
    QCOMPARE(QString::fromStdString(sha.hexDigest()),
             QString("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestSha256::updatesInPiecesEqualOneUpdate()
{
    std::string input;
    for (int i = 0; i < 1000; ++i)
        input += char(i * 7);
    Sha256 whole;
    whole.update(input);
    const std::string expected = whole.hexDigest();
    for (const std::size_t piece : {1u, 3u, 63u, 64u, 65u, 200u}) {
        Sha256 sha;
        for (std::size_t at = 0; at < input.size(); at += piece)
            sha.update(std::string_view(input).substr(at, piece));
        QCOMPARE(sha.hexDigest(), expected);
    }
}

// The CPU's SHA instructions are used when present (the other tests then run on them); the
// portable code must give the same digests, at every length around the block boundary.
void TestSha256::portableAndShaInstructionsAgree()
{
    const bool hardware = Sha256::hardwareAccelerated();
    std::string data(3 * 1024 * 1024 + 77, '\0');
    std::uint32_t x = 2463534242u;
    for (char& c : data) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; // xorshift: reproducible bytes
        c = char(x);
    }
    const std::vector<std::size_t> lengths = {0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, data.size()};
    auto digests = [&](bool useInstructions) {
        Sha256::setHardwareAcceleration(useInstructions);
        std::vector<std::string> out;
        for (const std::size_t n : lengths) {
            Sha256 sha;
            sha.update(std::string_view(data).substr(0, n));
            out.push_back(sha.hexDigest());
        }
        Sha256 million;
        million.update(std::string(1000000, 'a'));
        out.push_back(million.hexDigest());
        return out;
    };
    const auto portable = digests(false);
    QVERIFY(!Sha256::hardwareAccelerated());
    QCOMPARE(portable.back(),
             std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    const auto accelerated = digests(true);
    const bool available = Sha256::hardwareAccelerated();
    Sha256::setHardwareAcceleration(hardware);
    if (!available)
        QSKIP("this CPU has no SHA instructions: only the portable code ran");
    QCOMPARE(accelerated, portable);
}

void TestSha256::tensorHashIgnoresLayoutAndInsertionOrder()
{
    const at::Tensor w = at::randn({4, 3});
    TensorMap a;
    a["w"] = w;
    a["b"] = at::arange(3, at::kLong);
    TensorMap b;
    b["b"] = at::arange(3, at::kLong);
    b["w"] = w.t().contiguous().t(); // same values, column-major memory
    QVERIFY(!b["w"].is_contiguous());
    QCOMPARE(hashTensorMap(a), hashTensorMap(b));
    QCOMPARE(hashTensorMap(a).size(), std::size_t(64));
}

void TestSha256::tensorHashSeesEveryChange_data()
{
    QTest::addColumn<int>("change");
    QTest::newRow("one value") << 0;
    QTest::newRow("dtype, same bytes") << 1;
    QTest::newRow("shape, same bytes") << 2;
    QTest::newRow("name") << 3;
    QTest::newRow("bytes moved between tensors") << 4;
}

void TestSha256::tensorHashSeesEveryChange()
{
    QFETCH(int, change);
    TensorMap base;
    base["a"] = at::arange(6, at::kInt).view({2, 3});
    base["b"] = at::arange(2, at::kInt);
    TensorMap changed = base;
    switch (change) {
    case 0:
        changed["a"] = base["a"].clone();
        changed["a"][1][2] = 99;
        break;
    case 1:
        changed["a"] = base["a"].view(at::kFloat);
        break;
    case 2:
        changed["a"] = base["a"].view({3, 2});
        break;
    case 3:
        changed.erase("b");
        changed["c"] = base["b"];
        break;
    case 4: // a = [0..4], b = [5, 0, 1]: the same byte stream without the length fields
        changed["a"] = at::arange(5, at::kInt);
        changed["b"] = at::tensor({5, 0, 1}, at::kInt);
        break;
    }
    QVERIFY(hashTensorMap(base) != hashTensorMap(changed));
}

void TestSha256::tinyCheckpointsHaveOneIdentity()
{
    const std::string dir = MAMMOLENS_SHARED_DIR "/parity/";
    const auto legacy = readWeightsFile(dir + "tiny_legacy_checkpoint.p");
    const auto zip = readWeightsFile(dir + "tiny_zip_checkpoint.pt");
    QVERIFY2(legacy.ok(), legacy.error().c_str());
    QVERIFY2(zip.ok(), zip.error().c_str());
    QCOMPARE(hashTensorMap(legacy.value().tensors), hashTensorMap(zip.value().tensors));
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
