// safetensors: the parity weights load completely and fast; what we write reads back bit for
// bit, whatever the dtype or layout; writing is atomic.

#include "inference/weights/safetensors.h"
#include "weightstestfiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <cstring>

using namespace mammolens::inference;

namespace {

const QString kParityDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity");

bool sameBytes(const at::Tensor& a, const at::Tensor& b)
{
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && a.is_contiguous() &&
           b.is_contiguous() &&
           // An empty tensor's data_ptr() may be null, and memcmp with null is undefined even
           // for 0 bytes (UBSan's nonnull-attribute check).
           (a.nbytes() == 0 || std::memcmp(a.data_ptr(), b.data_ptr(), a.nbytes()) == 0);
}

} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parityWeightsLoadWithSpecShapes_data();
    void parityWeightsLoadWithSpecShapes();
    void parityWeightsLoadFast();
    void parityOutputsKeepTheirDtypes();
    void roundTripOfParityWeightsIsBitIdentical();
    void roundTripKeepsEveryDtypeAndLayout();
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile();
    void writeIntoMissingFolderFails();
    void writeRejectsReservedName();
    void dtypeWithoutLibTorchSupportIsNamed();

private:
    WeightsFile weights_;
    QTemporaryDir temp_;
};

void TestSafetensors::initTestCase()
{
    QVERIFY2(QFileInfo::exists(kParityDir + "/weights.safetensors"),
             qPrintable("missing " + kParityDir + "/weights.safetensors"));
    QVERIFY(temp_.isValid());
    auto result = readSafetensors((kParityDir + "/weights.safetensors").toStdString());
    QVERIFY2(result.ok(), result.error().c_str());
    weights_ = std::move(result).value();
}

void TestSafetensors::parityWeightsLoadWithSpecShapes_data()
{
    // GMIC-SPEC.md sections 2 and 6-8.
    QTest::addColumn<QString>("key");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::newRow("first conv") << "ds_net.first_conv.weight" << QList<qint64>{16, 1, 7, 7};
    QTest::newRow("stage 0 downsample")
        << "ds_net.layer_list.0.0.downsample.0.weight" << QList<qint64>{16, 16, 1, 1};
    QTest::newRow("final bn") << "ds_net.final_bn.running_var" << QList<qint64>{256};
    QTest::newRow("saliency conv")
        << "left_postprocess_net.gn_conv_last.weight" << QList<qint64>{2, 256, 1, 1};
    QTest::newRow("local conv1") << "dn_resnet.conv1.weight" << QList<qint64>{64, 3, 7, 7};
    QTest::newRow("local downsample bn")
        << "dn_resnet.layer2.0.downsample.1.weight" << QList<qint64>{128};
    QTest::newRow("attention U") << "mil_attn_U.weight" << QList<qint64>{128, 512};
    QTest::newRow("attention w") << "mil_attn_w.weight" << QList<qint64>{1, 128};
    QTest::newRow("classifier") << "classifier_linear.weight" << QList<qint64>{2, 512};
    QTest::newRow("fusion weight") << "fusion_dnn.weight" << QList<qint64>{2, 768};
    QTest::newRow("fusion bias") << "fusion_dnn.bias" << QList<qint64>{2};
}

void TestSafetensors::parityWeightsLoadWithSpecShapes()
{
    QFETCH(QString, key);
    QFETCH(QList<qint64>, shape);
    const auto it = weights_.tensors.find(key.toStdString());
    QVERIFY2(it != weights_.tensors.end(), qPrintable(key));
    const std::vector<std::int64_t> expected(shape.begin(), shape.end());
    QVERIFY(it->second.sizes().vec() == expected);
}

void TestSafetensors::parityWeightsLoadFast()
{
    QCOMPARE(weights_.format, std::string("safetensors"));
    QCOMPARE(weights_.tensors.size(), std::size_t(217));
    QVERIFY(weights_.warnings.empty());
    QCOMPARE(weights_.metadata.at("format"), std::string("gmic-state-dict"));
    std::int64_t parameters = 0;
    for (const auto& [key, t] : weights_.tensors) {
        QVERIFY2(t.scalar_type() == at::kFloat, key.c_str());
        QVERIFY2(t.is_contiguous(), key.c_str());
        QVERIFY2(key.find("num_batches_tracked") == std::string::npos, key.c_str());
        parameters += t.numel();
    }
    QCOMPARE(parameters * 4 + 21800 + 8, std::int64_t(56517496)); // header is 21800 bytes

    // Load time of the 56 MB file, best of three (the first pass may fill the page cache).
    qint64 best = std::numeric_limits<qint64>::max();
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto again = readSafetensors((kParityDir + "/weights.safetensors").toStdString());
        best = std::min(best, timer.nsecsElapsed());
        QVERIFY(again.ok());
    }
    qInfo("weights.safetensors (56.5 MB) loads in %.1f ms", double(best) / 1e6);
    QVERIFY2(best < 2000000000, "loading 56 MB took over 2 s");
}

void TestSafetensors::parityOutputsKeepTheirDtypes()
{
    const auto outputs = readSafetensors((kParityDir + "/outputs.safetensors").toStdString());
    QVERIFY2(outputs.ok(), outputs.error().c_str());
    const at::Tensor& locations = outputs.value().tensors.at("L-CC/patch_locations");
    QCOMPARE(locations.scalar_type(), at::kLong);
    QVERIFY(locations.sizes().vec() == (std::vector<std::int64_t>{1, 6, 2}));
    const auto sums = readSafetensors((kParityDir + "/input_sums.safetensors").toStdString());
    QVERIFY2(sums.ok(), sums.error().c_str());
    QCOMPARE(sums.value().tensors.at("R-MLO/col_sums").scalar_type(), at::kDouble);
    QCOMPARE(sums.value().tensors.at("R-MLO/col_sums").numel(), std::int64_t(1920));
}

void TestSafetensors::roundTripOfParityWeightsIsBitIdentical()
{
    const std::map<std::string, std::string> metadata = {
        {"format", "gmic-state-dict"}, {"note", "quotes \" and \\ and \n and ünïcode"}};
    const std::string first = temp_.filePath("first.safetensors").toStdString();
    const std::string second = temp_.filePath("second.safetensors").toStdString();
    const auto written = writeSafetensors(first, weights_.tensors, metadata);
    QVERIFY2(written.ok(), written.error().c_str());

    const auto reread = readSafetensors(first);
    QVERIFY2(reread.ok(), reread.error().c_str());
    QVERIFY(reread.value().metadata == metadata);
    QVERIFY(reread.value().warnings.empty());
    QCOMPARE(reread.value().tensors.size(), weights_.tensors.size());
    for (const auto& [key, t] : weights_.tensors)
        QVERIFY2(sameBytes(t, reread.value().tensors.at(key)), key.c_str());

    // Writing what we read gives the same file byte for byte: the writer is deterministic.
    QVERIFY(writeSafetensors(second, reread.value().tensors, metadata).ok());
    const QByteArray a = weightstest::readFile(QString::fromStdString(first));
    QVERIFY(!a.isEmpty());
    QVERIFY(a == weightstest::readFile(QString::fromStdString(second)));
}

void TestSafetensors::roundTripKeepsEveryDtypeAndLayout()
{
    TensorMap tensors;
    tensors["f32"] = at::randn({3, 4});
    tensors["f16"] = at::randn({5}).to(at::kHalf);
    tensors["bf16"] = at::randn({2, 3}).to(at::kBFloat16);
    tensors["f64"] = at::randn({7}, at::kDouble);
    tensors["i64"] = at::arange(-5, 5, at::kLong);
    tensors["i32"] = at::arange(-3, 3, at::kInt);
    tensors["i16"] = at::arange(-3, 3, at::kShort);
    tensors["i8"] = at::arange(-3, 3, at::kChar);
    tensors["u8"] = at::arange(0, 255, at::kByte);
    tensors["bool"] = at::rand({9}) > 0.5;
    tensors["scalar"] = at::scalar_tensor(42, at::kLong);
    tensors["empty"] = at::empty({0, 3});
    tensors["transposed"] = at::randn({4, 6}).t(); // not contiguous on the way in
    const std::string path = temp_.filePath("dtypes.safetensors").toStdString();
    const auto written = writeSafetensors(path, tensors, {});
    QVERIFY2(written.ok(), written.error().c_str());

    const auto back = readSafetensors(path);
    QVERIFY2(back.ok(), back.error().c_str());
    QVERIFY(back.value().metadata.empty());
    QCOMPARE(back.value().tensors.size(), tensors.size());
    for (const auto& [key, t] : tensors)
        QVERIFY2(sameBytes(t.contiguous(), back.value().tensors.at(key)), key.c_str());
    // The data section starts 8-aligned, so every tensor is aligned to its element size.
    const QByteArray file = weightstest::readFile(QString::fromStdString(path));
    QCOMPARE(qFromLittleEndian<quint64>(file.constData()) % 8, quint64(0));
}

void TestSafetensors::writeReplacesAtomicallyAndLeavesNoTemporaryFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("model.safetensors");
    QVERIFY(weightstest::writeFile(path, "old content"));
    TensorMap tensors{{"x", at::ones({2})}};
    QVERIFY(writeSafetensors(path.toStdString(), tensors, {}).ok());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"model.safetensors"});
    const auto back = readSafetensors(path.toStdString());
    QVERIFY2(back.ok(), back.error().c_str());
    QVERIFY(at::equal(back.value().tensors.at("x"), tensors.at("x")));
}

void TestSafetensors::writeIntoMissingFolderFails()
{
    const std::string path = temp_.filePath("no/such/folder/x.safetensors").toStdString();
    const auto result = writeSafetensors(path, {{"x", at::ones({1})}}, {});
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.error()).startsWith(QString::fromStdString(path)),
             result.error().c_str());
    QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
}

void TestSafetensors::writeRejectsReservedName()
{
    const std::string path = temp_.filePath("reserved.safetensors").toStdString();
    const auto result = writeSafetensors(path, {{"__metadata__", at::ones({1})}}, {});
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.error()).contains("invalid tensor name"),
             result.error().c_str());
}

void TestSafetensors::dtypeWithoutLibTorchSupportIsNamed()
{
    const QByteArray bytes = weightstest::safetensors(
        R"({"u":{"dtype":"U16","shape":[2],"data_offsets":[0,4]}})", QByteArray(4, '\0'));
    const auto result =
        parseSafetensors(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.error())
                 .contains("tensor 'u': dtype 'U16' is not "
                           "supported"),
             result.error().c_str());
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
