// mammolens-cli as scripts call it: run the real binary, read what it prints, check exit codes.

#include <QProcess>
#include <QtTest>

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionListsEveryLibrary();
    void unknownCommandIsAUsageError();
    void helpListsCommands();

private:
    struct Run
    {
        int code;
        QString out, err;
    };
    Run cli(const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(MAMMOLENS_CLI), args);
        p.waitForFinished(120000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
};

void TestCli::versionListsEveryLibrary()
{
    const Run r = cli({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    for (const char* name : {"MammoLens", "Qt", "LibTorch", "DCMTK", "VTK", "OpenCV"})
        QVERIFY2(r.out.contains(QLatin1String(name) + QLatin1String(": ")), name);
    QVERIFY(r.out.contains(QLatin1String("CUDA")));
}

void TestCli::unknownCommandIsAUsageError()
{
    const Run r = cli({QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QLatin1String("unknown command 'frobnicate'")));
}

void TestCli::helpListsCommands()
{
    const Run r = cli({QStringLiteral("help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QLatin1String("usage: mammolens-cli")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
