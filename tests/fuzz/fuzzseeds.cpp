// mammolens-fuzz-seeds OUT [PARITY_DIR]: writes the seed corpora of the fuzz targets into
// OUT/<target>/ (docs/fuzzing.md). Seeds are small valid files of every kind each reader
// accepts, made by our own writers, so that the fuzzer starts deep inside the parsers: DICOM in
// every transfer syntax DicomMammogramWriter writes, PNGs of the depths and colour types
// PngImageReader handles, exam lists, safetensors of several dtypes, and legacy and zip torch
// checkpoints (derived from the parity fixtures when PARITY_DIR is given). Small on purpose:
// libFuzzer mutates a 10 KB file much faster than a 1 MB one.

#include "core/dicom/dicommammogramwriter.h"
#include "inference/weights/safetensors.h"
#include "inference/weights/ziparchive.h"
#include "tests/preprocess/syntheticmammogram.h"
#include "tests/weights/weightstestfiles.h"

#include <ATen/ATen.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QPair>
#include <QString>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <vector>

using namespace mammolens;

namespace {

int failures = 0;

void fail(const QString& what)
{
    std::fprintf(stderr, "mammolens-fuzz-seeds: %s\n", qPrintable(what));
    ++failures;
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    if (!weightstest::writeFile(path, bytes))
        fail("cannot write " + path);
}

void writeDicomSeeds(const QString& dir)
{
    using Writer = core::DicomMammogramWriter;
    core::MammogramImage image;
    image.pixels = syntheticMammogram(96, 64, true);
    image.laterality = core::Laterality::Left;
    image.position = core::ViewPosition::CC;
    image.viewName = QStringLiteral("CC");
    for (Writer::TransferSyntax syntax : Writer::kTransferSyntaxes) {
        Writer::Options options;
        options.transferSyntax = syntax;
        const QString path = dir + "/l-cc-" + Writer::toString(syntax) + ".dcm";
        const core::Outcome<QString> written = Writer::write(image, path, options);
        if (!written)
            fail(written.error().toString());
    }

    // A right MLO stored as MONOCHROME1, with a series description; and an 8-bit image.
    core::MammogramImage mlo = image;
    mlo.pixels = syntheticMammogram(80, 48, false, 7);
    mlo.laterality = core::Laterality::Right;
    mlo.position = core::ViewPosition::MLO;
    mlo.viewName = QStringLiteral("MLO");
    Writer::Options mono1;
    mono1.photometric = Writer::Photometric::Monochrome1;
    mono1.seriesDescription = QStringLiteral("R MLO");
    core::Outcome<QString> written = Writer::write(mlo, dir + "/r-mlo-monochrome1.dcm", mono1);
    if (!written)
        fail(written.error().toString());
    core::MammogramImage eightBit = image;
    cv::Mat scaled = syntheticMammogram(64, 48, true, 3) / 16;
    scaled.convertTo(eightBit.pixels, CV_8U);
    written = Writer::write(eightBit, dir + "/l-cc-8bit.dcm", Writer::Options{});
    if (!written)
        fail(written.error().toString());
}

void writePng(const QString& path, const cv::Mat& image, std::vector<int> params = {})
{
    std::vector<uchar> bytes;
    if (!cv::imencode(".png", image, bytes, params))
        return fail("cannot encode " + path);
    writeBytes(path,
               QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())));
}

void writePngSeeds(const QString& dir)
{
    const cv::Mat grey16 = syntheticMammogram(96, 64, true);
    writePng(dir + "/grey16.png", grey16);
    cv::Mat grey8;
    grey16.convertTo(grey8, CV_8U, 1.0 / 16);
    writePng(dir + "/grey8.png", grey8);
    cv::Mat bilevel = grey8 > 0;
    writePng(dir + "/grey1.png", bilevel, {cv::IMWRITE_PNG_BILEVEL, 1});
    cv::Mat greyAsRgb;
    cv::merge(std::vector<cv::Mat>{grey16, grey16, grey16}, greyAsRgb);
    writePng(dir + "/grey-as-rgb16.png", greyAsRgb);
    cv::Mat colour;
    cv::merge(std::vector<cv::Mat>{grey8, grey8 / 2, grey8}, colour);
    writePng(dir + "/colour8.png", colour);
    cv::Mat withAlpha;
    cv::merge(
        std::vector<cv::Mat>{grey8, grey8, grey8, cv::Mat(grey8.size(), CV_8U, cv::Scalar(255))},
        withAlpha);
    writePng(dir + "/grey-as-rgba8.png", withAlpha);
    writePng(dir + "/tiny16.png", cv::Mat(1, 2, CV_16U, cv::Scalar(4095)));
}

void writeExamListSeeds(const QString& dir)
{
    const QList<QPair<QString, QByteArray>> lists = {
        {"reference.json",
         R"([{"horizontal_flip": "NO", "L-CC": ["0_L-CC"], "R-CC": ["0_R-CC"],
             "L-MLO": ["0_L-MLO"], "R-MLO": ["0_R-MLO"]}])"},
        {"versioned.json",
         R"({"version": 1, "exams": [
             {"id": "exam-1", "horizontal_flip": true, "L-CC": "a/L-CC.png",
              "R-CC": ["b/R-CC.dcm", "b/R-CC-2.dcm"], "L-MLO": [], "R-MLO": null},
             {"id": 2, "horizontal_flip": "yes", "R-MLO": ["/abs/R-MLO.png"]},
             {"id": "exam-1", "horizontal_flip": "maybe", "L-CC": [3, ""]},
             "not an exam"]})"},
        {"unsupported-version.json", R"({"version": 2, "exams": []})"},
        {"unicode.json", "[{\"id\": \"\\u00e9x\\ud83d\\ude00\", \"L-CC\": [\"\\u0000.png\"]}]"},
    };
    for (const auto& [name, text] : lists)
        writeBytes(dir + "/" + name, text);
}

void writeSafetensorsSeeds(const QString& dir)
{
    inference::TensorMap tensors;
    tensors["conv.weight"] = at::arange(24, at::kFloat).reshape({2, 3, 2, 2});
    tensors["bn.num_batches_tracked"] = at::tensor(7, at::kLong);
    tensors["half"] = at::ones({3}, at::kHalf);
    tensors["bf16"] = at::full({2, 2}, 0.5, at::kBFloat16);
    tensors["bytes"] = at::arange(5, at::kByte);
    tensors["flags"] = at::arange(2, at::kLong).eq(0);
    tensors["double"] = at::tensor({1.5, -2.0}, at::kDouble);
    tensors["empty"] = at::zeros({0, 4}, at::kFloat);
    tensors["scalar"] = at::tensor(3.0f);
    const auto written =
        inference::writeSafetensors((dir + "/dtypes.safetensors").toStdString(), tensors,
                                    {{"format", "pt"}, {"mammolens.model", "gmic"}});
    if (!written)
        fail(QString::fromStdString(written.error()));
    const auto one = inference::writeSafetensors((dir + "/one.safetensors").toStdString(),
                                                 {{"w", at::ones({2, 2})}}, {});
    if (!one)
        fail(QString::fromStdString(one.error()));
    // The header alone, written by hand as other tools do (spaces, padding to 8 bytes).
    writeBytes(
        dir + "/handwritten.safetensors",
        weightstest::safetensors(
            R"({"__metadata__": {"a": "b"}, "x": {"dtype": "I32", "shape": [2], "data_offsets": [0, 8]}}    )",
            weightstest::littleEndian(1, 4) + weightstest::littleEndian(2, 4)));
}

void writeTorchSeeds(const QString& zipDir, const QString& legacyDir, const QString& parityDir)
{
    // Legacy: {"t": a scalar float tensor}, the smallest complete file.
    QByteArray storage = weightstest::littleEndian(1, 8);
    const float value = 1.5f;
    storage.append(reinterpret_cast<const char*>(&value), sizeof value);
    writeBytes(legacyDir + "/scalar.p",
               weightstest::legacyFile(weightstest::legacyScalarStateDict(),
                                       weightstest::legacyKeyList() + storage));
    if (parityDir.isEmpty())
        return;

    const QByteArray legacy = weightstest::readFile(parityDir + "/tiny_legacy_checkpoint.p");
    const QByteArray zip = weightstest::readFile(parityDir + "/tiny_zip_checkpoint.pt");
    if (legacy.isEmpty() || zip.isEmpty())
        return fail("no tiny checkpoints in " + parityDir);
    writeBytes(legacyDir + "/tiny_legacy_checkpoint.p", legacy);
    writeBytes(zipDir + "/tiny_zip_checkpoint.pt", zip);

    // The same entries repacked by our own zip writer under another archive name, and the
    // pickle alone (a storage that is missing).
    try {
        const inference::ZipArchive archive(std::string_view(zip.constData(), zip.size()));
        QList<QPair<QByteArray, QByteArray>> renamed;
        QList<QPair<QByteArray, QByteArray>> pickleOnly;
        for (const auto& entry : archive.entries()) {
            const std::string_view data = archive.read(entry);
            QByteArray name = QByteArray::fromStdString(entry.name);
            name.replace("tiny_zip_checkpoint/", "archive/");
            const QByteArray bytes(data.data(), qsizetype(data.size()));
            renamed.append({name, bytes});
            if (name.endsWith("data.pkl"))
                pickleOnly.append({name, bytes});
        }
        writeBytes(zipDir + "/repacked.pt", weightstest::storedZip(renamed));
        writeBytes(zipDir + "/pickle-only.pt", weightstest::storedZip(pickleOnly));
    } catch (const std::exception& e) {
        fail(QString("cannot repack the parity zip: %1").arg(e.what()));
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: mammolens-fuzz-seeds OUT [PARITY_DIR]\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const QString parity = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    const QStringList targets = {"dicom",       "png",         "examlist",
                                 "safetensors", "pytorch_zip", "pytorch_legacy"};
    for (const QString& target : targets)
        if (!QDir().mkpath(out + "/" + target))
            fail("cannot create " + out + "/" + target);
    writeDicomSeeds(out + "/dicom");
    writePngSeeds(out + "/png");
    writeExamListSeeds(out + "/examlist");
    writeSafetensorsSeeds(out + "/safetensors");
    writeTorchSeeds(out + "/pytorch_zip", out + "/pytorch_legacy", parity);
    for (const QString& target : targets)
        std::printf("%-15s %lld seeds\n", qPrintable(target),
                    qlonglong(QDir(out + "/" + target).entryList(QDir::Files).size()));
    return failures ? 1 : 0;
}
