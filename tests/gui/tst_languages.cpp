// The German translation is compiled in, complete, and changes what the reader sees.

#include "app/gui/languages.h"
#include "ui/mainwindow/mainwindow.h"

#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QtTest>

class TestLanguages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void germanIsCompiledIn();
    void germanTranslationIsComplete();
    void germanChangesTheWindow();
};

void TestLanguages::germanIsCompiledIn()
{
    const QStringList langs = mammolens::app::availableLanguages();
    QVERIFY(langs.contains(QLatin1String("en")));
    QVERIFY(langs.contains(QLatin1String("de")));
}

void TestLanguages::germanTranslationIsComplete()
{
    QFile ts(QStringLiteral(MAMMOLENS_SOURCE_DIR "/translations/mammolens_de.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(ts.readAll());
    QVERIFY(text.count(QLatin1String("<message")) > 100);
    QCOMPARE(text.count(QLatin1String("type=\"unfinished\"")), 0);
    QCOMPARE(text.count(QLatin1String("<translation></translation>")), 0);
}

void TestLanguages::germanChangesTheWindow()
{
    QVERIFY(mammolens::app::installLanguage(*qApp, QStringLiteral("de")));
    mammolens::ui::MainWindow window({});
    QStringList menus;
    for (QAction* a : window.menuBar()->actions())
        menus << a->text();
    QVERIFY2(menus.contains(QLatin1String("&Datei")), qPrintable(menus.join(QLatin1Char(','))));
    QVERIFY(menus.contains(QLatin1String("&Hilfe")));
    mammolens::ui::ModelSummary models;
    models.labels << QStringLiteral("m");
    models.notClinicalReason = QStringLiteral("random weights");
    window.setModels(models, {});
    const QString banner = window.notForDiagnosisBanner()->text();
    QVERIFY2(banner.startsWith(QStringLiteral("NICHT FÜR DIE DIAGNOSE")), qPrintable(banner));
}

QTEST_MAIN(TestLanguages)
#include "tst_languages.moc"
