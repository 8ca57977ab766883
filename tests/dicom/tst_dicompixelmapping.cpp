// DicomPixelMapping: stored values to 16-bit output through modality, VOI (window, LUT or none),
// inversion and padding, checked against the formulas of PS3.3 C.11.

#include "core/dicom/dicompixelmapping.h"

#include <QtTest>
#include <cmath>

using namespace mammolens::core;
using Mapping = DicomPixelMapping;

namespace {

Mapping make(const Mapping::Attributes& a)
{
    Outcome<Mapping> m = Mapping::create(a, QStringLiteral("test"));
    if (!m)
        qFatal("%s", qPrintable(m.error().toString()));
    return std::move(m).value();
}

Mapping::Attributes twelveBit()
{
    Mapping::Attributes a;
    a.bitsAllocated = 16;
    a.bitsStored = 12;
    a.highBit = 11;
    return a;
}

} // namespace

class TestDicomPixelMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullRangeWindowIsIdentity()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QString()});
        const Mapping m = make(a);
        QCOMPARE(m.voi(), Mapping::Voi::Window);
        QCOMPARE(m.outputMaximum(), 4095);
        for (int v = 0; v < 4096; ++v)
            QCOMPARE(int(m.map(v)), v);
    }

    void fullRangeWindowInvertedIsIdentityOnInvertedData()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QString()});
        a.invert = true;
        const Mapping m = make(a);
        for (int v = 0; v < 4096; ++v)
            QCOMPARE(int(m.map(4095 - v)), v);
    }

    void linearWindowFollowsTheStandard_data()
    {
        QTest::addColumn<double>("center");
        QTest::addColumn<double>("width");
        QTest::newRow("narrow") << 1500.0 << 400.0;
        QTest::newRow("odd width") << 1000.5 << 301.0;
        QTest::newRow("width 1") << 2000.0 << 1.0;
        QTest::newRow("beyond range") << 5000.0 << 2000.0;
    }

    void linearWindowFollowsTheStandard()
    {
        QFETCH(double, center);
        QFETCH(double, width);
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({center, width, DisplayWindow::Function::Linear, QString()});
        const Mapping m = make(a);
        const double yMax = 4095.0;
        for (int x = 0; x < 4096; ++x) {
            double y;
            if (x <= center - 0.5 - (width - 1) / 2)
                y = 0;
            else if (x > center - 0.5 + (width - 1) / 2)
                y = yMax;
            else
                y = ((x - (center - 0.5)) / (width - 1) + 0.5) * yMax;
            QCOMPARE(int(m.map(x)), int(std::floor(y + 0.5)));
        }
    }

    void sigmoidAndLinearExact()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2000, 1000, DisplayWindow::Function::Sigmoid, QString()});
        const Mapping sigmoid = make(a);
        for (int x : {0, 1000, 2000, 2500, 4095})
            QCOMPARE(int(sigmoid.map(x)),
                     int(std::floor(4095.0 / (1 + std::exp(-4.0 * (x - 2000) / 1000)) + 0.5)));
        a.windows.front().function = DisplayWindow::Function::LinearExact;
        const Mapping exact = make(a);
        QCOMPARE(int(exact.map(1500)), 0);
        QCOMPARE(int(exact.map(2000)), 2048); // (0 + 0.5) * 4095 = 2047.5, rounded up
        QCOMPARE(int(exact.map(2501)), 4095);
    }

    void backgroundIsExactlyZero()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2500, 1000, DisplayWindow::Function::Linear, QString()});
        const Mapping m = make(a);
        for (int x = 0; x <= 2000; ++x)
            QCOMPARE(int(m.map(x)), 0);
        QVERIFY(m.map(2001) > 0);
    }

    void rescaleAndSignedPixels()
    {
        // Signed 12-bit stored values -2048..2047, slope 2, intercept 100, no VOI: output is the
        // modality value shifted so the lowest possible one is 0.
        Mapping::Attributes a = twelveBit();
        a.signedPixels = true;
        a.rescaleSlope = 2;
        a.rescaleIntercept = 100;
        const Mapping m = make(a);
        QCOMPARE(m.voi(), Mapping::Voi::None);
        const int lowest = -2048 * 2 + 100;
        QCOMPARE(int(m.map(0x800)), 0);                       // -2048
        QCOMPARE(int(m.map(0xFFF)), (-1 * 2 + 100) - lowest); // -1
        QCOMPARE(int(m.map(0)), 100 - lowest);
        QCOMPARE(int(m.map(2047)), 2047 * 2 + 100 - lowest);
        QCOMPARE(m.outputMaximum(), 4095 * 2);
    }

    void highBitAndGarbageAboveBitsStored()
    {
        // 12 bits stored in bits 13..2 (High Bit 13): garbage in bits 15, 14, 1, 0 is ignored.
        Mapping::Attributes a;
        a.bitsAllocated = 16;
        a.bitsStored = 12;
        a.highBit = 13;
        const Mapping m = make(a);
        QCOMPARE(int(m.map((1234 << 2) | 0xC003)), 1234);
    }

    void nonIntegerRescaleWithoutVoiScalesToSixteenBits()
    {
        Mapping::Attributes a = twelveBit();
        a.rescaleSlope = 0.5;
        const Mapping m = make(a);
        QCOMPARE(m.outputMaximum(), 65535);
        QCOMPARE(int(m.map(0)), 0);
        QCOMPARE(int(m.map(4095)), 65535);
    }

    void voiLut()
    {
        Mapping::Attributes a = twelveBit();
        Mapping::LookupTable lut;
        lut.entries = 1000;
        lut.firstInput = 1000;
        lut.bits = 10;
        for (int i = 0; i < 1000; ++i)
            lut.data.push_back(std::uint16_t(std::min(1023, i)));
        a.voiLuts.push_back(lut);
        const Mapping m = make(a);
        QCOMPARE(m.voi(), Mapping::Voi::Lut);
        QCOMPARE(m.outputMaximum(), 1023);
        QCOMPARE(int(m.map(0)), 0); // below the first input: first entry
        QCOMPARE(int(m.map(1500)), 500);
        QCOMPARE(int(m.map(4000)), 999); // beyond: last entry
    }

    void windowWinsOverLut()
    {
        Mapping::Attributes a = twelveBit();
        Mapping::LookupTable lut;
        lut.entries = 2;
        lut.bits = 16;
        lut.data = {0, 65535};
        a.voiLuts.push_back(lut);
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QString()});
        QCOMPARE(make(a).voi(), Mapping::Voi::Window);
        QCOMPARE(make(a).presets().size(), std::size_t(2));
        QVERIFY(make(a).presets().back().fromLut);
    }

    void modalityLut()
    {
        Mapping::Attributes a = twelveBit();
        Mapping::LookupTable lut;
        lut.entries = 4096;
        lut.bits = 16;
        for (int i = 0; i < 4096; ++i)
            lut.data.push_back(std::uint16_t(4095 - i));
        a.modalityLut = lut;
        const Mapping m = make(a);
        QCOMPARE(int(m.map(0)), 4095);
        QCOMPARE(int(m.map(4095)), 0);
    }

    void paddingBecomesZero()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QString()});
        a.invert = true;
        a.paddingValue = 4095;
        a.paddingRangeLimit = 4000;
        const Mapping m = make(a);
        QCOMPARE(int(m.map(4050)), 0);
        QCOMPARE(int(m.map(4000)), 0);
        QCOMPARE(int(m.map(3999)), 96);
    }

    void presetsAreInOutputValues()
    {
        Mapping::Attributes a = twelveBit();
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QStringLiteral("FULL")});
        a.windows.push_back({1024, 1024, DisplayWindow::Function::Linear, QStringLiteral("SOFT")});
        const std::vector<DisplayWindow> presets = make(a).presets();
        QCOMPARE(presets.size(), std::size_t(2));
        // The identity default leaves the second window where it was (up to the half-pixel of
        // the LINEAR function).
        QVERIFY(std::abs(presets[1].center - 1024) < 1.0);
        QVERIFY(std::abs(presets[1].width - 1024) < 1.0);
        QCOMPARE(presets[1].explanation, QStringLiteral("SOFT"));
        // A narrower default stretches the others by the same factor.
        a.windows.front() = {2048, 2048, DisplayWindow::Function::Linear, QString()};
        const std::vector<DisplayWindow> stretched = make(a).presets();
        QVERIFY(std::abs(stretched[1].width - 2 * 1024) < 4.0);
    }

    void applyMapsAFrame()
    {
        Mapping::Attributes a = twelveBit();
        a.invert = true;
        a.windows.push_back({2048, 4096, DisplayWindow::Function::Linear, QString()});
        const Mapping m = make(a);
        const std::vector<std::uint16_t> frame = {0, 1, 4095, 2000, 4095, 7};
        const cv::Mat out = m.apply(frame.data(), 2, 3);
        QCOMPARE(out.type(), CV_16UC1);
        QCOMPARE(int(out.at<std::uint16_t>(0, 0)), 4095);
        QCOMPARE(int(out.at<std::uint16_t>(0, 2)), 0);
        QCOMPARE(int(out.at<std::uint16_t>(1, 2)), 4088);

        Mapping::Attributes eight;
        eight.bitsAllocated = 8;
        eight.bitsStored = 8;
        eight.highBit = 7;
        const std::vector<std::uint8_t> bytes = {0, 128, 255, 3};
        const cv::Mat out8 = make(eight).apply(bytes.data(), 2, 2);
        QCOMPARE(int(out8.at<std::uint16_t>(1, 0)), 255);
    }

    void refusesImpossibleLayouts_data()
    {
        QTest::addColumn<int>("allocated");
        QTest::addColumn<int>("stored");
        QTest::addColumn<int>("high");
        QTest::newRow("32 bits") << 32 << 32 << 31;
        QTest::newRow("stored > allocated") << 16 << 17 << 16;
        QTest::newRow("high bit too low") << 16 << 12 << 10;
        QTest::newRow("high bit too high") << 16 << 12 << 16;
        QTest::newRow("12 allocated") << 12 << 12 << 11;
    }

    void refusesImpossibleLayouts()
    {
        QFETCH(int, allocated);
        QFETCH(int, stored);
        QFETCH(int, high);
        Mapping::Attributes a;
        a.bitsAllocated = allocated;
        a.bitsStored = stored;
        a.highBit = high;
        QCOMPARE(Mapping::create(a, QStringLiteral("f")).error().code,
                 QStringLiteral("dicom.unsupported_pixel_format"));
    }
};

QTEST_GUILESS_MAIN(TestDicomPixelMapping)
#include "tst_dicompixelmapping.moc"
