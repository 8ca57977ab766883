// GMIC in LibTorch against the reference implementation's own numbers (../shared/parity):
// saliency, y_global (every official t), y_local, y_fusion, attention and patches within 1e-4,
// patch corners exactly, through both the folded fast path and the module path.

#include "paritycheck.h"

#include <QFileInfo>
#include <QtTest>

class TestGmicParity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parityFixturesArePresent();
    void foldedAndModulePathsMatchReference();
};

void TestGmicParity::parityFixturesArePresent()
{
    // In CI a missing ../shared/parity is a failure, never a skip.
    for (const char* f : {"weights.safetensors", "outputs.safetensors", "input_L-CC.safetensors"})
        QVERIFY2(QFileInfo::exists(QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/") + QLatin1String(f)),
                 f);
}

void TestGmicParity::foldedAndModulePathsMatchReference()
{
    mammolens::tests::ParityOptions options;
    options.parityDir = MAMMOLENS_SHARED_DIR "/parity";
    options.bfloat16Report = true;
    const auto report = mammolens::tests::checkGmicParity(options);
    for (const auto& line : report.lines)
        qInfo("%s", line.c_str());
    for (const auto& failure : report.failures)
        qWarning("FAIL: %s", failure.c_str());
    QVERIFY(!report.lines.empty());
    QVERIFY2(report.ok(), report.ok() ? "" : report.failures.front().c_str());
}

QTEST_GUILESS_MAIN(TestGmicParity)
#include "tst_gmicparity.moc"
