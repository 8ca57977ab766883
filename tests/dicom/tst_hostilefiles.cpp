// Every hostile image file we keep (the fuzz regression corpus of the DICOM and PNG readers,
// tests/fuzz/regressions/) is refused by the product's readers with a specific error: a code of
// the reader's own family and a message, never a crash and never an image. The files are replayed
// through the fuzz targets too (tst_fuzzregressions); this test checks what a user would see.

#include "core/dicom/dicomimagereader.h"
#include "core/png/pngimagereader.h"

#include <QDir>
#include <QtTest>
#include <map>

using namespace mammolens::core;

namespace {

const QString kRegressions = QStringLiteral(MAMMOLENS_SOURCE_DIR "/tests/fuzz/regressions");

} // namespace

class TestHostileFiles : public QObject
{
    Q_OBJECT

    /// Reads every file of `folder` with `read`; each must fail with a code starting `family`.
    template <typename Read>
    void allRefused(const QString& folder, const QString& family, Read read)
    {
        const QDir dir(kRegressions + QLatin1Char('/') + folder);
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
        std::map<QString, int> codes;
        for (const QString& name : files) {
            const Outcome<MammogramImage> image = read(dir.filePath(name));
            QVERIFY2(!image.ok(), qPrintable(name + QStringLiteral(" was accepted")));
            QVERIFY2(image.error().code.startsWith(family),
                     qPrintable(name + QStringLiteral(": ") + image.error().code));
            QVERIFY2(!image.error().message.isEmpty(), qPrintable(name));
            ++codes[image.error().code];
            qInfo("%s: %s (%s)", qPrintable(name), qPrintable(image.error().code),
                  qPrintable(image.error().message.left(100)));
        }
        qInfo("%s: %lld files, %zu distinct error codes", qPrintable(folder),
              qlonglong(files.size()), codes.size());
    }

private Q_SLOTS:
    void dicomRegressionsAreSpecificErrors()
    {
        allRefused(QStringLiteral("dicom"), QStringLiteral("dicom."),
                   [](const QString& path) { return DicomImageReader().read(path); });
    }

    void pngRegressionsAreSpecificErrors()
    {
        allRefused(QStringLiteral("png"), QStringLiteral("png."),
                   // The view is given (as an exam list does): the bytes are what is tested, not
                   // the file name.
                   [](const QString& path) {
                       return PngImageReader().read(path, StandardView::LCC,
                                                    DecisionSource::ExamList);
                   });
    }
};

QTEST_GUILESS_MAIN(TestHostileFiles)
#include "tst_hostilefiles.moc"
