// Hanging protocols are data: the shipped files parse and describe the standard screening hanging
// (right breast on the viewer's left), and malformed files are refused with a reason.

#include "ui/viewer/hangingprotocol.h"

#include <QTest>

using mammolens::core::Laterality;
using mammolens::core::StandardView;
using mammolens::core::ViewPosition;
using mammolens::ui::HangingProtocol;

class TestHangingProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shippedProtocolsLoad();
    void fourUpIsTheStandardScreeningHanging();
    void focusedCellsFollowTheFocusedView();
    void malformedFilesAreRefused_data();
    void malformedFilesAreRefused();
};

void TestHangingProtocol::shippedProtocolsLoad()
{
    QStringList errors;
    const auto protocols = HangingProtocol::loadAll(QStringLiteral(":/hanging"), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QStringList names;
    for (const auto& p : protocols)
        names << p.name;
    QCOMPARE(names, QStringList({QStringLiteral("4-up"), QStringLiteral("cc-pair"),
                                 QStringLiteral("mlo-pair"), QStringLiteral("one-breast"),
                                 QStringLiteral("1-up")}));
}

void TestHangingProtocol::fourUpIsTheStandardScreeningHanging()
{
    const auto protocols = HangingProtocol::loadAll();
    QVERIFY(!protocols.empty());
    const HangingProtocol& fourUp = protocols.front();
    const HangingProtocol builtIn = HangingProtocol::standardFourUp();
    QCOMPARE(fourUp.cells.size(), builtIn.cells.size());
    for (std::size_t i = 0; i < builtIn.cells.size(); ++i) {
        const auto view = HangingProtocol::resolve(fourUp.cells[i], StandardView::LCC);
        QVERIFY(view == HangingProtocol::resolve(builtIn.cells[i], StandardView::LCC));
        // Right breast in column 0 (viewer's left), CC in row 0.
        QCOMPARE(fourUp.cells[i].column,
                 mammolens::core::lateralityOf(view) == Laterality::Right ? 0 : 1);
        QCOMPARE(fourUp.cells[i].row,
                 mammolens::core::positionOf(view) == ViewPosition::CC ? 0 : 1);
    }
}

void TestHangingProtocol::focusedCellsFollowTheFocusedView()
{
    const QByteArray json = R"({"name": "one-breast", "rows": 1, "columns": 2, "cells": [
        {"row": 0, "column": 0, "laterality": "focused", "view": "CC"},
        {"row": 0, "column": 1, "laterality": "focused", "view": "MLO"}]})";
    auto p = HangingProtocol::fromJson(json);
    QVERIFY2(p.ok(), qPrintable(p.error().toString()));
    QVERIFY(HangingProtocol::resolve(p.value().cells[0], StandardView::LMLO) == StandardView::LCC);
    QVERIFY(HangingProtocol::resolve(p.value().cells[1], StandardView::RCC) == StandardView::RMLO);
}

void TestHangingProtocol::malformedFilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    QTest::newRow("not json") << QByteArray("{") << QStringLiteral("hanging.bad_json");
    QTest::newRow("no name") << QByteArray(R"({"rows": 1, "columns": 1, "cells": []})")
                             << QStringLiteral("hanging.bad_json");
    QTest::newRow("no cells") << QByteArray(
                                     R"({"name": "x", "rows": 1, "columns": 1, "cells": []})")
                              << QStringLiteral("hanging.bad_cell");
    QTest::newRow("outside grid") << QByteArray(R"({"name": "x", "rows": 1, "columns": 1, "cells": [
               {"row": 0, "column": 1, "laterality": "R", "view": "CC"}]})")
                                  << QStringLiteral("hanging.bad_cell");
    QTest::newRow("cell used twice")
        << QByteArray(R"({"name": "x", "rows": 1, "columns": 2, "cells": [
               {"row": 0, "column": 0, "laterality": "R", "view": "CC"},
               {"row": 0, "column": 0, "laterality": "L", "view": "CC"}]})")
        << QStringLiteral("hanging.bad_cell");
    QTest::newRow("unknown view") << QByteArray(R"({"name": "x", "rows": 1, "columns": 1, "cells": [
               {"row": 0, "column": 0, "laterality": "R", "view": "XCCL"}]})")
                                  << QStringLiteral("hanging.bad_cell");
}

void TestHangingProtocol::malformedFilesAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, code);
    const auto p = HangingProtocol::fromJson(json, QStringLiteral("test.json"));
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, code);
    QCOMPARE(p.error().source, QStringLiteral("test.json"));
}

QTEST_APPLESS_MAIN(TestHangingProtocol)
#include "tst_hangingprotocol.moc"
