// DicomViewIdentifier: the order of trust for laterality and view, conflicts, missing sources and
// the non-standard views of CID 4014/4015.

#include "core/dicom/dicomviewidentifier.h"

#include <QtTest>

using namespace mammolens::core;
using Identifier = DicomViewIdentifier;
using Code = DicomViewIdentifier::Code;
Q_DECLARE_METATYPE(mammolens::core::DicomViewIdentifier::Evidence)

namespace {

Identifier::Evidence evidence(const QString& imageLaterality, const QString& laterality,
                              std::optional<Code> viewCode, const QString& viewPosition,
                              const QString& seriesDescription = {}, const QString& fileName = {},
                              std::vector<Code> modifiers = {})
{
    Identifier::Evidence e;
    e.imageLaterality = imageLaterality;
    e.laterality = laterality;
    e.viewCode = std::move(viewCode);
    e.viewPosition = viewPosition;
    e.seriesDescription = seriesDescription;
    e.fileName = fileName;
    e.viewModifiers = std::move(modifiers);
    return e;
}

const Code kCcSct{QStringLiteral("399162004"), QStringLiteral("SCT"),
                  QStringLiteral("cranio-caudal")};
const Code kCcSrt{QStringLiteral("R-10242"), QStringLiteral("SRT"),
                  QStringLiteral("cranio-caudal")};
const Code kMloSct{QStringLiteral("399368009"), QStringLiteral("SCT"),
                   QStringLiteral("medio-lateral oblique")};
const Code kMloSrt{QStringLiteral("R-10226"), QStringLiteral("SRT"),
                   QStringLiteral("medio-lateral oblique")};
const Code kMlSrt{QStringLiteral("R-10224"), QStringLiteral("SRT"),
                  QStringLiteral("medio-lateral")};
const Code kXcclMeaningOnly{QStringLiteral("99999"), QStringLiteral("99LOCAL"),
                            QStringLiteral("Cranio-caudal exaggerated laterally")};
const Code kSpot{QStringLiteral("R-102D2"), QStringLiteral("SRT"),
                 QStringLiteral("Spot Compression")};
const Code kMagnification{QStringLiteral("X"), QStringLiteral("99LOCAL"),
                          QStringLiteral("Magnification")};
const Code kImplantDisplaced{QStringLiteral("Y"), QStringLiteral("99LOCAL"),
                             QStringLiteral("Implant Displaced")};

} // namespace

class TestDicomViewIdentifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data()
    {
        QTest::addColumn<Identifier::Evidence>("evidence");
        QTest::addColumn<QString>("laterality");
        QTest::addColumn<QString>("lateralitySource");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("viewName");
        QTest::addColumn<QString>("viewSource");
        QTest::addColumn<int>("warnings");

        const int cc = int(ViewPosition::CC), mlo = int(ViewPosition::MLO),
                  other = int(ViewPosition::Other);
        QTest::newRow("ImageLaterality and SCT CC code") << evidence("L", "", kCcSct, "") << "L"
                                                         << "ImageLaterality" << cc << "CC"
                                                         << "ViewCodeSequence" << 0;
        QTest::newRow("SRT MLO code") << evidence("R", "R", kMloSrt, "MLO") << "R"
                                      << "ImageLaterality" << mlo << "MLO"
                                      << "ViewCodeSequence" << 0;
        QTest::newRow("SRT CC code") << evidence("R", "", kCcSrt, "") << "R"
                                     << "ImageLaterality" << cc << "CC"
                                     << "ViewCodeSequence" << 0;
        QTest::newRow("series Laterality when ImageLaterality absent")
            << evidence("", "L", kMloSct, "") << "L"
            << "Laterality" << mlo << "MLO"
            << "ViewCodeSequence" << 0;
        QTest::newRow("ImageLaterality B falls through to Laterality")
            << evidence("B", "R", kCcSct, "") << "R"
            << "Laterality" << cc << "CC"
            << "ViewCodeSequence" << 0;
        QTest::newRow("ViewPosition when no code") << evidence("L", "", std::nullopt, "MLO") << "L"
                                                   << "ImageLaterality" << mlo << "MLO"
                                                   << "ViewPosition" << 0;
        QTest::newRow("ViewPosition with side RCC") << evidence("R", "", std::nullopt, "RCC") << "R"
                                                    << "ImageLaterality" << cc << "CC"
                                                    << "ViewPosition" << 0;
        QTest::newRow("series description only")
            << evidence("", "", std::nullopt, "", "Screening R MLO", "IM0001.dcm") << "R"
            << "SeriesDescription" << mlo << "MLO"
            << "SeriesDescription" << 0;
        QTest::newRow("file name only")
            << evidence("", "", std::nullopt, "", "", "0_L-CC.dcm") << "L"
            << "file name" << cc << "CC"
            << "file name" << 0;
        QTest::newRow("file name LMLO") << evidence("", "", std::nullopt, "", "", "LMLO.dcm") << "L"
                                        << "file name" << mlo << "MLO"
                                        << "file name" << 0;
        QTest::newRow("ML code is other") << evidence("L", "", kMlSrt, "ML") << "L"
                                          << "ImageLaterality" << other << "ML"
                                          << "ViewCodeSequence" << 0;
        QTest::newRow("XCCL by code meaning") << evidence("R", "", kXcclMeaningOnly, "") << "R"
                                              << "ImageLaterality" << other << "XCCL"
                                              << "ViewCodeSequence" << 0;
        QTest::newRow("XCCL view position") << evidence("R", "", std::nullopt, "XCCL") << "R"
                                            << "ImageLaterality" << other << "XCCL"
                                            << "ViewPosition" << 0;
        QTest::newRow("spot compression modifier")
            << evidence("L", "", kCcSct, "CC", "", "", {kSpot}) << "L"
            << "ImageLaterality" << other << "spot compression CC"
            << "ViewCodeSequence" << 0;
        QTest::newRow("magnification modifier")
            << evidence("L", "", kCcSct, "", "", "", {kMagnification}) << "L"
            << "ImageLaterality" << other << "magnification CC"
            << "ViewCodeSequence" << 0;
        QTest::newRow("spot magnification")
            << evidence("L", "", kMloSct, "", "", "", {kSpot, kMagnification}) << "L"
            << "ImageLaterality" << other << "spot compression magnification MLO"
            << "ViewCodeSequence" << 0;
        QTest::newRow("implant displaced modifier")
            << evidence("R", "", kMloSct, "", "", "", {kImplantDisplaced}) << "R"
            << "ImageLaterality" << other << "implant displaced MLO"
            << "ViewCodeSequence" << 0;
        QTest::newRow("implant displaced ViewPosition CCID")
            << evidence("R", "", std::nullopt, "CCID") << "R"
            << "ImageLaterality" << other << "implant displaced CC"
            << "ViewPosition" << 0;
        QTest::newRow("code and ViewPosition disagree: code wins, warning")
            << evidence("L", "", kCcSct, "MLO") << "L"
            << "ImageLaterality" << cc << "CC"
            << "ViewCodeSequence" << 1;
        QTest::newRow("no view anywhere: other, warning")
            << evidence("L", "", std::nullopt, "", "", "image.dcm") << "L"
            << "ImageLaterality" << other << "unknown"
            << "ViewCodeSequence" << 1;
        QTest::newRow("unknown code: other, warning")
            << evidence("L", "",
                        Code{QStringLiteral("1"), QStringLiteral("99X"), QStringLiteral("odd")}, "")
            << "L"
            << "ImageLaterality" << other << "odd"
            << "ViewCodeSequence" << 1;
    }

    void decides()
    {
        QFETCH(Identifier::Evidence, evidence);
        QFETCH(QString, laterality);
        QFETCH(QString, lateralitySource);
        QFETCH(int, position);
        QFETCH(QString, viewName);
        QFETCH(QString, viewSource);
        QFETCH(int, warnings);
        const Outcome<Identifier::Decision> decision =
            Identifier::identify(evidence, QStringLiteral("f"));
        QVERIFY2(decision.ok(), qPrintable(decision.error().toString()));
        const Identifier::Decision& d = decision.value();
        QCOMPARE(toString(d.laterality), laterality);
        QCOMPARE(toString(d.lateralitySource), lateralitySource);
        QCOMPARE(int(d.position), position);
        QCOMPARE(d.viewName, viewName);
        if (d.viewIdentified)
            QCOMPARE(toString(d.viewSource), viewSource);
        QVERIFY2(int(d.warnings.size()) == warnings, qPrintable(d.warnings.join(QLatin1Char('|'))));
    }

    void refuses_data()
    {
        QTest::addColumn<Identifier::Evidence>("evidence");
        QTest::addColumn<QString>("code");
        QTest::newRow("nothing names the breast")
            << evidence("", "", kCcSct, "CC", "Screening", "IM0001.dcm") << "dicom.no_laterality";
        QTest::newRow("only B and U") << evidence("B", "U", kCcSct, "") << "dicom.no_laterality";
        QTest::newRow("ImageLaterality vs Laterality")
            << evidence("L", "R", kCcSct, "") << "dicom.conflicting_laterality";
        QTest::newRow("ImageLaterality vs series description")
            << evidence("L", "", kCcSct, "", "R CC") << "dicom.conflicting_laterality";
        QTest::newRow("ImageLaterality vs file name")
            << evidence("R", "", kCcSct, "", "", "L_CC.dcm") << "dicom.conflicting_laterality";
    }

    void refuses()
    {
        QFETCH(Identifier::Evidence, evidence);
        QFETCH(QString, code);
        const Outcome<Identifier::Decision> decision =
            Identifier::identify(evidence, QStringLiteral("f.dcm"));
        QVERIFY(!decision.ok());
        QCOMPARE(decision.error().code, code);
        QCOMPARE(decision.error().source, QStringLiteral("f.dcm"));
    }

    void parsesText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // "L CC", or "" for none
        QTest::newRow("0_L-CC.png") << "0_L-CC.png"
                                    << "L CC";
        QTest::newRow("R_MLO") << "R_MLO"
                               << "R MLO";
        QTest::newRow("lcc") << "lcc"
                             << "L CC";
        QTest::newRow("Right MLO") << "Right MLO view"
                                   << "R MLO";
        QTest::newRow("L XCCL") << "L XCCL"
                                << "L XCCL";
        QTest::newRow("inside a word") << "CALCC"
                                       << "";
        QTest::newRow("letter after") << "L-CCD"
                                      << "";
        QTest::newRow("two different views") << "L CC and R MLO"
                                             << "";
        QTest::newRow("same view twice") << "L CC (L-CC)"
                                         << "L CC";
        QTest::newRow("nothing") << "Screening bilateral"
                                 << "";
    }

    void parsesText()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::optional<Identifier::TextView> parsed = Identifier::parseText(text);
        QCOMPARE(parsed ? toString(parsed->laterality) + QLatin1Char(' ') + parsed->view
                        : QString(),
                 expected);
    }
};

QTEST_GUILESS_MAIN(TestDicomViewIdentifier)
#include "tst_dicomviewidentifier.moc"
