// DicomCache (size limit, LRU eviction, complete-or-absent), PacsNode parsing and PacsNodeStore.

#include "core/pacs/dicomcache.h"
#include "core/pacs/pacsnode.h"
#include "core/pacs/pacsnodestore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;

class TestDicomCache : public QObject
{
    Q_OBJECT

    /// `count` objects of `bytes` each in a fresh staging folder, as a retrieval leaves them.
    static QStringList stage(DicomCache& cache, int count, int bytes)
    {
        QStringList files;
        const QString folder = cache.newStagingFolder().value();
        for (int i = 0; i < count; ++i) {
            const QString path =
                folder + QLatin1Char('/') +
                DicomCache::objectFileName(i + 1, QStringLiteral("1.2.3.%1").arg(i));
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(QByteArray(bytes, 'x'));
            files << path;
        }
        return files;
    }

private Q_SLOTS:
    void commit_overLimit_evictsLeastRecentlyUsedStudy()
    {
        QTemporaryDir dir;
        DicomCache cache(dir.path(), 2500);
        QVERIFY(cache.open().ok());
        QVERIFY(cache
                    .commit(QStringLiteral("1.1"), stage(cache, 2, 500),
                            DicomCache::CommitMode::Replace)
                    .ok());
        QVERIFY(cache
                    .commit(QStringLiteral("1.2"), stage(cache, 2, 500),
                            DicomCache::CommitMode::Replace)
                    .ok());
        QVERIFY(cache.use(QStringLiteral("1.1")).has_value()); // 1.2 is now the least recently used
        auto third = cache.commit(QStringLiteral("1.3"), stage(cache, 2, 500),
                                  DicomCache::CommitMode::Replace);
        QVERIFY(third.ok());
        QVERIFY(cache.study(QStringLiteral("1.1")).has_value());
        QVERIFY(!cache.study(QStringLiteral("1.2")).has_value());
        QVERIFY(cache.study(QStringLiteral("1.3")).has_value());
        QVERIFY(!QDir(dir.filePath(QStringLiteral("studies/") +
                                   DicomCache::studyKey(QStringLiteral("1.2"))))
                     .exists());
        QCOMPARE(cache.totalBytes(), 2000);
    }

    void commit_studyLargerThanLimit_staysAlone()
    {
        QTemporaryDir dir;
        DicomCache cache(dir.path(), 100);
        QVERIFY(cache.open().ok());
        QVERIFY(cache
                    .commit(QStringLiteral("2.1"), stage(cache, 1, 500),
                            DicomCache::CommitMode::Replace)
                    .ok());
        QVERIFY(cache
                    .commit(QStringLiteral("2.2"), stage(cache, 1, 500),
                            DicomCache::CommitMode::Replace)
                    .ok());
        QCOMPARE(int(cache.studies().size()), 1);
        QVERIFY(cache.study(QStringLiteral("2.2")).has_value());
    }

    void commit_replaceAndMerge_keepOneFilePerInstance()
    {
        QTemporaryDir dir;
        DicomCache cache(dir.path(), 1 << 20);
        QVERIFY(cache.open().ok());
        QVERIFY(
            cache
                .commit(QStringLiteral("3.1"), stage(cache, 3, 10), DicomCache::CommitMode::Replace)
                .ok());
        auto merged =
            cache.commit(QStringLiteral("3.1"), stage(cache, 2, 10), DicomCache::CommitMode::Merge);
        QCOMPARE(merged.value().files, 3); // same instances replaced, not duplicated
        auto replaced = cache.commit(QStringLiteral("3.1"), stage(cache, 1, 10),
                                     DicomCache::CommitMode::Replace);
        QCOMPARE(replaced.value().files, 1);
    }

    void open_afterCrash_dropsPartialTransfersAndKeepsStudies()
    {
        QTemporaryDir dir;
        {
            DicomCache cache(dir.path(), 1 << 20);
            QVERIFY(cache.open().ok());
            QVERIFY(cache
                        .commit(QStringLiteral("4.1"), stage(cache, 2, 10),
                                DicomCache::CommitMode::Replace)
                        .ok());
            stage(cache, 2, 10); // a retrieval that never finished
            QFile(cache.newIncomingPath()).open(QIODevice::WriteOnly);
            QDir().mkpath(dir.filePath(QStringLiteral("studies/unknown")));
        }
        DicomCache cache(dir.path(), 1 << 20);
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.study(QStringLiteral("4.1"))->files, 2);
        QVERIFY(QDir(dir.filePath(QStringLiteral("staging"))).isEmpty());
        QVERIFY(QDir(dir.filePath(QStringLiteral("incoming"))).isEmpty());
        QVERIFY(!QDir(dir.filePath(QStringLiteral("studies/unknown"))).exists());
    }

    void parse_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("aet");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("plain") << "ORTHANC@127.0.0.1:4242" << true << "ORTHANC"
                               << "127.0.0.1" << 4242;
        QTest::newRow("host name") << "PACS@pacs.example.org:104" << true << "PACS"
                                   << "pacs.example.org" << 104;
        QTest::newRow("ipv6") << "PACS@[::1]:11112" << true << "PACS"
                              << "::1" << 11112;
        QTest::newRow("no port") << "PACS@host" << false << ""
                                 << "" << 0;
        QTest::newRow("port 0") << "PACS@host:0" << false << ""
                                << "" << 0;
        QTest::newRow("port too big") << "PACS@host:70000" << false << ""
                                      << "" << 0;
        QTest::newRow("no aet") << "@host:104" << false << ""
                                << "" << 0;
        QTest::newRow("aet too long") << "ABCDEFGHIJKLMNOPQ@host:104" << false << ""
                                      << "" << 0;
        QTest::newRow("no host") << "PACS@:104" << false << ""
                                 << "" << 0;
    }

    void parse()
    {
        QFETCH(QString, spec);
        QFETCH(bool, ok);
        auto node = PacsNode::parse(spec);
        QCOMPARE(node.ok(), ok);
        if (!ok) {
            QCOMPARE(node.error().code, QStringLiteral("pacs.invalid_peer"));
            return;
        }
        QFETCH(QString, aet);
        QFETCH(QString, host);
        QFETCH(int, port);
        QCOMPARE(node.value().aeTitle, aet);
        QCOMPARE(node.value().host, host);
        QCOMPARE(int(node.value().port), port);
    }

    void nodeStore_persistsNodesAndOneDefault()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        {
            PacsNodeStore store(std::make_shared<QSettings>(file, QSettings::IniFormat));
            PacsNode a = PacsNode::parse(QStringLiteral("A@host-a:104")).value();
            a.name = QStringLiteral("archive");
            PacsNode b = PacsNode::parse(QStringLiteral("B@host-b:11112")).value();
            b.name = QStringLiteral("backup");
            b.supportsGet = true;
            QVERIFY(store.add(a).ok());
            QVERIFY(store.add(b).ok());
            QCOMPARE(store.defaultNode()->name, QStringLiteral("archive")); // the first one
            QVERIFY(store.setDefault(QStringLiteral("backup")));
            PacsNodeStore::Local local;
            local.aeTitle = QStringLiteral("READER1");
            local.port = 4000;
            QVERIFY(store.setLocal(local).ok());
            PacsNode bad = a;
            bad.name = QStringLiteral("bad/name");
            QCOMPARE(store.add(bad).error().code, QStringLiteral("pacs.invalid_node"));
        }
        PacsNodeStore store(std::make_shared<QSettings>(file, QSettings::IniFormat));
        QCOMPARE(int(store.nodes().size()), 2);
        QCOMPARE(store.defaultNode()->name, QStringLiteral("backup"));
        QVERIFY(store.node(QStringLiteral("backup"))->supportsGet);
        QCOMPARE(store.local().aeTitle, QStringLiteral("READER1"));
        QCOMPARE(int(store.local().port), 4000);
        QVERIFY(store.remove(QStringLiteral("backup")));
        QCOMPARE(store.defaultNode()->name, QStringLiteral("archive"));
    }
};

QTEST_GUILESS_MAIN(TestDicomCache)
#include "tst_dicomcache.moc"
