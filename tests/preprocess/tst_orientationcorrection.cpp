// A vendor that stores a breast mirrored must not change what the model sees, nor where its
// results land: the pixels decide the facing, and the geometry maps back onto the image as stored.

#include "core/png/pngimagereader.h"
#include "core/preprocess/preprocessor.h"
#include "shareddir.h"

#include <opencv2/core.hpp>

#include <QtTest>

using namespace mammolens::core;

class TestOrientationCorrection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mirroredStorageGivesTheSameInput_data();
    void mirroredStorageGivesTheSameInput();
    void correctlyStoredImageIsLeftAlone();
    void wrongLateralityIsCorrectedAndSaid();
};

void TestOrientationCorrection::mirroredStorageGivesTheSameInput_data()
{
    QTest::addColumn<QString>("view");
    QTest::newRow("R-CC") << QStringLiteral("R-CC");
    QTest::newRow("L-MLO") << QStringLiteral("L-MLO");
}

void TestOrientationCorrection::mirroredStorageGivesTheSameInput()
{
    QFETCH(QString, view);
    auto image = PngImageReader().read(sampleExamDir() + QStringLiteral("/0_") + view + QStringLiteral(".png"));
    QVERIFY2(image.ok(), qPrintable(image.error().toString()));
    MammogramImage mirrored = image.value();
    mirrored.pixels = cv::Mat(); // its own buffer: the copy shares the original's
    cv::flip(image.value().pixels, mirrored.pixels, 1); // as a vendor storing the other way would

    const Preprocessor preprocessor;
    auto normal = preprocessor.process(image.value(), false);
    auto corrected = preprocessor.process(mirrored, false);
    QVERIFY(normal.ok() && corrected.ok());
    // The model sees the very same input.
    QCOMPARE(cv::norm(normal.value().input, corrected.value().input, cv::NORM_INF), 0.0);
    QVERIFY(corrected.value().warnings.join(QLatin1Char(' ')).contains(QLatin1String("orientation corrected")));
    QCOMPARE(corrected.value().crop.flipped, !normal.value().crop.flipped);

    // Results map onto the mirrored stored image at the mirrored place.
    const int W = image.value().pixels.cols;
    for (const cv::Point input : {cv::Point(100, 200), cv::Point(900, 1500), cv::Point(300, 2500)}) {
        const cv::Point a = normal.value().geometry.inputPixelToStoredPixel(input);
        const cv::Point b = corrected.value().geometry.inputPixelToStoredPixel(input);
        QCOMPARE(b.y, a.y);
        QCOMPARE(b.x, W - 1 - a.x);
    }
}

void TestOrientationCorrection::correctlyStoredImageIsLeftAlone()
{
    auto image = PngImageReader().read(sampleExamDir() + QStringLiteral("/0_L-CC.png"));
    QVERIFY(image.ok());
    auto input = Preprocessor().process(image.value(), false);
    QVERIFY(input.ok());
    QVERIFY(!input.value().warnings.join(QLatin1Char(' ')).contains(QLatin1String("orientation")));
    QVERIFY(!input.value().crop.flipped);
}

void TestOrientationCorrection::wrongLateralityIsCorrectedAndSaid()
{
    // The sample L-CC labelled as a right breast: the pixels win, the reader is told.
    auto image = PngImageReader().read(sampleExamDir() + QStringLiteral("/0_L-CC.png"));
    QVERIFY(image.ok());
    MammogramImage wrong = image.value();
    wrong.laterality = Laterality::Right;
    auto right = Preprocessor().process(image.value(), false);
    auto corrected = Preprocessor().process(wrong, false);
    QVERIFY(right.ok() && corrected.ok());
    QCOMPARE(cv::norm(right.value().input, corrected.value().input, cv::NORM_INF), 0.0);
    QCOMPARE(corrected.value().crop.distanceFromStartingSide, 0);
    const QString warnings = corrected.value().warnings.join(QLatin1Char(' '));
    QVERIFY2(warnings.contains(QLatin1String("orientation corrected: the chest wall is on the left edge")),
             qPrintable(warnings));
}

QTEST_GUILESS_MAIN(TestOrientationCorrection)
#include "tst_orientationcorrection.moc"
