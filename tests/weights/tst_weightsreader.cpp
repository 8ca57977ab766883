// readWeightsFile: the parity checkpoints in both PyTorch formats, format sniffing, and a hostile
// file of every kind we know ending in a specific error instead of a crash.

#include "inference/weights/weightsreader.h"
#include "weightstestfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <random>

using namespace mammolens::inference;
using weightstest::raw;

namespace {

const QString kParityDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity");

std::string parityPath(const char* name)
{
    return (kParityDir + "/" + name).toStdString();
}

// A tiny valid safetensors file: tensor "a", two floats.
QByteArray validSafetensors()
{
    return weightstest::safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                    QByteArray(8, '\0'));
}

// A main pickle for a legacy file calling os.system("ls") the way a malicious checkpoint would.
QByteArray osSystemPickle()
{
    return raw("\x80\x02"
               "cos\nsystem\n"
               "q\x00"
               "X\x02\x00\x00\x00"
               "ls"
               "q\x01"
               "\x85"
               "R.");
}

} // namespace

class TestWeightsReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tinyCheckpointMatchesExpected_data();
    void tinyCheckpointMatchesExpected();
    void legacyAndZipCheckpointsGiveIdenticalTensors();
    void formatIsSniffedFromContentNotName();
    void generatedLegacyFileLoadsAndReportsTrailingBytes();
    void hostileFileGivesSpecificError_data();
    void hostileFileGivesSpecificError();
    void missingFileNamesThePath();
    void randomCorruptionEndsInResultNotCrash();

private:
    QTemporaryDir temp_;
};

void TestWeightsReader::initTestCase()
{
    // In CI a missing fixture folder must fail the suite, never skip it.
    QVERIFY2(QFileInfo(kParityDir).isDir(), qPrintable("missing " + kParityDir));
    for (const char* name : {"tiny_legacy_checkpoint.p", "tiny_zip_checkpoint.pt",
                             "tiny_checkpoint_expected.json", "weights.safetensors"})
        QVERIFY2(QFileInfo::exists(kParityDir + "/" + name), name);
    QVERIFY(temp_.isValid());
}

void TestWeightsReader::tinyCheckpointMatchesExpected_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::newRow("legacy") << "tiny_legacy_checkpoint.p"
                            << "pytorch-legacy";
    QTest::newRow("zip") << "tiny_zip_checkpoint.pt"
                         << "pytorch-zip";
}

void TestWeightsReader::tinyCheckpointMatchesExpected()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    const auto result = readWeightsFile((kParityDir + "/" + file).toStdString());
    QVERIFY2(result.ok(), result.error().c_str());
    const WeightsFile& weights = result.value();
    QCOMPARE(QString::fromStdString(weights.format), format);
    QVERIFY(weights.warnings.empty());

    const QJsonObject expected =
        QJsonDocument::fromJson(
            weightstest::readFile(kParityDir + "/tiny_checkpoint_expected.json"))
            .object();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(weights.tensors.size(), std::size_t(expected.size()));
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const std::string key = it.key().toStdString();
        QVERIFY2(weights.tensors.count(key), key.c_str());
        const at::Tensor& t = weights.tensors.at(key);
        const QJsonObject info = it.value().toObject();

        std::vector<std::int64_t> shape;
        for (const QJsonValue& d : info["shape"].toArray())
            shape.push_back(d.toInteger());
        QVERIFY2(t.sizes().vec() == shape, key.c_str());
        const at::ScalarType dtype = info["dtype"].toString() == "int64" ? at::kLong : at::kFloat;
        QVERIFY2(info["dtype"].toString() == "int64" || info["dtype"].toString() == "float32",
                 key.c_str());
        QCOMPARE(t.scalar_type(), dtype);
        QVERIFY(t.is_contiguous());
        const double sum = t.to(at::kDouble).sum().item<double>();
        QVERIFY2(std::abs(sum - info["sum"].toDouble()) < 1e-6, key.c_str());
        QCOMPARE(t.flatten()[0].item<double>(), info["first"].toDouble());
    }
}

void TestWeightsReader::legacyAndZipCheckpointsGiveIdenticalTensors()
{
    const auto legacy = readWeightsFile(parityPath("tiny_legacy_checkpoint.p"));
    const auto zip = readWeightsFile(parityPath("tiny_zip_checkpoint.pt"));
    QVERIFY2(legacy.ok(), legacy.error().c_str());
    QVERIFY2(zip.ok(), zip.error().c_str());
    QCOMPARE(legacy.value().tensors.size(), zip.value().tensors.size());
    for (const auto& [key, t] : legacy.value().tensors) {
        const at::Tensor& other = zip.value().tensors.at(key);
        QCOMPARE(t.scalar_type(), other.scalar_type());
        QVERIFY2(t.sizes() == other.sizes(), key.c_str());
        QVERIFY2(at::equal(t, other), key.c_str());
    }
}

void TestWeightsReader::formatIsSniffedFromContentNotName()
{
    // Same bytes under misleading names: the content decides.
    const QString asSafetensors = temp_.filePath("legacy.safetensors");
    const QString asPt = temp_.filePath("safetensors.pt");
    QVERIFY(weightstest::writeFile(
        asSafetensors, weightstest::readFile(kParityDir + "/tiny_legacy_checkpoint.p")));
    QVERIFY(weightstest::writeFile(asPt, validSafetensors()));
    const auto legacy = readWeightsFile(asSafetensors.toStdString());
    const auto safetensors = readWeightsFile(asPt.toStdString());
    QVERIFY2(legacy.ok(), legacy.error().c_str());
    QVERIFY2(safetensors.ok(), safetensors.error().c_str());
    QCOMPARE(legacy.value().format, std::string("pytorch-legacy"));
    QCOMPARE(safetensors.value().format, std::string("safetensors"));
    QCOMPARE(safetensors.value().tensors.at("a").numel(), std::int64_t(2));
}

void TestWeightsReader::generatedLegacyFileLoadsAndReportsTrailingBytes()
{
    const float value = 1.5f;
    const QByteArray data = weightstest::legacyKeyList() + weightstest::littleEndian(1, 8) +
                            QByteArray(reinterpret_cast<const char*>(&value), 4);
    const QString path = temp_.filePath("scalar.p");
    QVERIFY(weightstest::writeFile(
        path, weightstest::legacyFile(weightstest::legacyScalarStateDict(), data + "xyz")));
    const auto result = readWeightsFile(path.toStdString());
    QVERIFY2(result.ok(), result.error().c_str());
    const at::Tensor& t = result.value().tensors.at("t");
    QCOMPARE(t.dim(), std::int64_t(0));
    QCOMPARE(t.item<float>(), value);
    QCOMPARE(result.value().warnings.size(), std::size_t(1));
    QCOMPARE(result.value().warnings[0],
             std::string("3 bytes after the last storage were ignored"));
}

void TestWeightsReader::hostileFileGivesSpecificError_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected"); // every string must appear in the error

    const QByteArray legacy = weightstest::readFile(kParityDir + "/tiny_legacy_checkpoint.p");
    const QByteArray zip = weightstest::readFile(kParityDir + "/tiny_zip_checkpoint.pt");
    QVERIFY(!legacy.isEmpty() && !zip.isEmpty());

    QTest::newRow("empty file") << QByteArray() << QStringList{"empty"};
    QTest::newRow("garbage bytes") << QByteArray("this is definitely not a weights file, just text")
                                   << QStringList{"not a weights file", "74 68 69 73"};
    QTest::newRow("safetensors cut in header")
        << validSafetensors().left(20) << QStringList{"header length 54", "exceeds"};
    QTest::newRow("safetensors cut in data")
        << validSafetensors().chopped(3) << QStringList{"tensor 'a'", "run past the end"};
    QTest::newRow("safetensors header claims more data than the file holds")
        << weightstest::safetensors(
               R"({"big":{"dtype":"F32","shape":[1000],"data_offsets":[0,4000]}})",
               QByteArray(8, '\0'))
        << QStringList{"tensor 'big'", "run past the end", "truncated"};
    QTest::newRow("safetensors overlapping offsets")
        << weightstest::safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                    R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                    QByteArray(12, '\0'))
        << QStringList{"tensor 'b'", "overlap tensor 'a'"};
    QTest::newRow("safetensors wrong dtype size")
        << weightstest::safetensors(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}})",
                                    QByteArray(8, '\0'))
        << QStringList{"tensor 'w'", "needs 16 bytes", "span 8"};
    QTest::newRow("safetensors unknown dtype")
        << weightstest::safetensors(R"({"w":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}})",
                                    QByteArray(8, '\0'))
        << QStringList{"tensor 'w'", "unknown dtype 'F31'"};
    QTest::newRow("safetensors broken JSON")
        << weightstest::safetensors(R"({"w":{"dtype":"F32",}})", QByteArray())
        << QStringList{"JSON error at byte 20", "object key"};
    QTest::newRow("safetensors header is an array")
        << weightstest::safetensors("[1,2]  ", QByteArray()) << QStringList{"not a weights file"};

    QTest::newRow("legacy cut in magic number")
        << legacy.left(10) << QStringList{"magic number pickle", "truncated"};
    QTest::newRow("legacy cut in state dict pickle")
        << legacy.left(400) << QStringList{"state dict pickle", "truncated"};
    QTest::newRow("legacy cut at the end of the state dict pickle")
        << weightstest::legacyFile(weightstest::legacyScalarStateDict().chopped(1))
        << QStringList{"state dict pickle", "truncated"};
    QTest::newRow("legacy cut before storage data")
        << weightstest::legacyFile(weightstest::legacyScalarStateDict(),
                                   weightstest::legacyKeyList())
        << QStringList{"file truncated", "storage '0' element count missing"};
    QTest::newRow("legacy storage count disagrees with pickle")
        << weightstest::legacyFile(weightstest::legacyScalarStateDict(),
                                   weightstest::legacyKeyList() + weightstest::littleEndian(2, 8) +
                                       QByteArray(8, '\0'))
        << QStringList{"storage '0' holds 2 elements in the data section but 1"};
    QTest::newRow("legacy key list names unknown storage")
        << weightstest::legacyFile(weightstest::legacyScalarStateDict(), raw("\x80\x02"
                                                                             "]("
                                                                             "X\x01\x00\x00\x00"
                                                                             "9"
                                                                             "e."))
        << QStringList{"unknown storage '9'"};
    QTest::newRow("legacy cut in storage data")
        << legacy.chopped(5)
        << QStringList{"file truncated", "storage '354178032' needs 1024 bytes"};
    QTest::newRow("legacy pickle calls os.system")
        << weightstest::legacyFile(osSystemPickle())
        << QStringList{"global 'os system' is not allowed"};
    QTest::newRow("legacy deep MARK nesting")
        << weightstest::legacyFile(raw("\x80\x02") + QByteArray(100000, '('))
        << QStringList{"MARK nesting deeper than"};
    QTest::newRow("legacy bad magic number")
        << raw("\x80\x02\x8a\x0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a.")
        << QStringList{"bad magic number"};

    QTest::newRow("zip cut in half")
        << zip.left(zip.size() / 2) << QStringList{"zip", "end-of-central-directory", "truncated"};
    QTest::newRow("zip cut by one byte")
        << zip.chopped(1) << QStringList{"end-of-central-directory"};
    {
        QByteArray bad = zip;
        const int at = bad.indexOf(raw("PK\x01\x02"));
        bad[at + 3] = '\x09';
        QTest::newRow("zip with bad central directory signature")
            << bad << QStringList{"bad central directory signature", "damaged"};
    }
    {
        QByteArray bad = zip;
        const int eocd = bad.lastIndexOf(raw("PK\x05\x06"));
        bad.replace(eocd + 16, 4, weightstest::littleEndian(0x00FFFFFF, 4));
        QTest::newRow("zip with central directory outside the file")
            << bad << QStringList{"central directory", "outside the file"};
    }
    {
        QByteArray bad = zip;
        const int at = bad.indexOf(raw("PK\x01\x02"));
        bad[at + 10] = '\x08'; // method: deflate
        QTest::newRow("zip with compressed entry")
            << bad << QStringList{"data.pkl", "compressed (method 8)"};
    }
    {
        QByteArray bad = zip;
        bad[64 + 40] = char(bad[64 + 40] ^ 0x20); // inside data.pkl's first tensor name
        QTest::newRow("zip with damaged entry") << bad << QStringList{"data.pkl", "CRC-32"};
    }
    QTest::newRow("zip pickle calls os.system")
        << weightstest::storedZip({{"archive/data.pkl", osSystemPickle()}})
        << QStringList{"zip", "global 'os system' is not allowed"};
    QTest::newRow("zip without data.pkl")
        << weightstest::storedZip({{"archive/other", "x"}}) << QStringList{"no <archive>/data.pkl"};
}

void TestWeightsReader::hostileFileGivesSpecificError()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    const QString path = temp_.filePath(
        QString("hostile-%1.bin").arg(QTest::currentDataTag()).replace(' ', '_').replace('.', '_'));
    QVERIFY(weightstest::writeFile(path, bytes));
    const auto result = readWeightsFile(path.toStdString());
    QVERIFY2(!result.ok(), "a hostile file loaded");
    const QString error = QString::fromStdString(result.error());
    QVERIFY2(error.startsWith(path + ": "), qPrintable(error));
    for (const QString& part : expected)
        QVERIFY2(error.contains(part), qPrintable("'" + part + "' not in: " + error));
}

void TestWeightsReader::missingFileNamesThePath()
{
    const std::string path = temp_.filePath("does-not-exist.safetensors").toStdString();
    const auto result = readWeightsFile(path);
    QVERIFY(!result.ok());
    QCOMPARE(QString::fromStdString(result.error()),
             QString::fromStdString(path + ": file not found"));
}

void TestWeightsReader::randomCorruptionEndsInResultNotCrash()
{
    // Deterministic mutations (bit flips, cuts, inserted and deleted bytes) of one file of each
    // format. Every outcome is acceptable except a crash, a hang or an exception escaping.
    const QList<QByteArray> seeds = {
        weightstest::readFile(kParityDir + "/tiny_legacy_checkpoint.p"),
        weightstest::readFile(kParityDir + "/tiny_zip_checkpoint.pt"),
        validSafetensors(),
    };
    std::mt19937 random(20261125);
    int failures = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray bytes = seeds[i % seeds.size()];
        QVERIFY(!bytes.isEmpty());
        for (int k = 0; k < 1 + int(random() % 3) && !bytes.isEmpty(); ++k) {
            const int at = int(random() % unsigned(bytes.size()));
            switch (random() % 4) {
            case 0:
                bytes[at] = char(bytes[at] ^ (1 << (random() % 8)));
                break;
            case 1:
                bytes.truncate(at);
                break;
            case 2:
                bytes.insert(at, QByteArray(1 + int(random() % 8), char(random())));
                break;
            default:
                bytes.remove(at, 1 + int(random() % 8));
            }
        }
        const auto result =
            parseWeightsBytes(std::string_view(bytes.constData(), std::size_t(bytes.size())));
        if (!result.ok()) {
            ++failures;
            QVERIFY(!result.error().empty());
        }
    }
    QVERIFY(failures > 2000); // the mutations really do damage the files
}

QTEST_GUILESS_MAIN(TestWeightsReader)
#include "tst_weightsreader.moc"
