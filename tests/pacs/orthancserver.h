#pragma once
// A real Orthanc (Debian package `orthanc`) for the PACS tests: loopback only, free ports, a
// temporary configuration and storage, killed in the destructor whatever happened.

#include "core/pacs/pacsnode.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <csignal>
#include <sys/types.h>

namespace pacstest {

/// A TCP port nothing listens on right now (bound and released: good enough on loopback).
inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

class OrthancServer
{
public:
    static constexpr const char* kBinary = "/usr/sbin/Orthanc";

    struct Options
    {
        QString aeTitle = QStringLiteral("ORTHANC");
        QString ourAeTitle = QStringLiteral("MAMMOLENS"); ///< the C-MOVE destination it knows
        quint16 ourPort = 0;
    };

    explicit OrthancServer(Options options) : options_(std::move(options)) {}
    ~OrthancServer() { stop(); }

    static bool available() { return QFile::exists(QString::fromLatin1(kBinary)); }

    /// Writes the configuration (first time: picks ports) and starts Orthanc; waits until its
    /// REST API answers.
    bool start(QString* error)
    {
        if (!dir_.isValid()) {
            *error = QStringLiteral("no temporary folder");
            return false;
        }
        if (dicomPort_ == 0) {
            dicomPort_ = freePort();
            httpPort_ = freePort();
        }
        const QString storage = dir_.filePath(QStringLiteral("storage"));
        QDir().mkpath(storage);
        const QJsonObject modalities{
            {QStringLiteral("mammolens"),
             QJsonArray{options_.ourAeTitle, QStringLiteral("127.0.0.1"), int(options_.ourPort)}}};
        const QJsonObject config{
            {QStringLiteral("Name"), QStringLiteral("MammoLensTest")},
            {QStringLiteral("StorageDirectory"), storage},
            {QStringLiteral("IndexDirectory"), storage},
            {QStringLiteral("Plugins"), QJsonArray{}},
            {QStringLiteral("HttpServerEnabled"), true},
            {QStringLiteral("HttpPort"), int(httpPort_)},
            {QStringLiteral("RemoteAccessAllowed"), false},
            {QStringLiteral("AuthenticationEnabled"), false},
            {QStringLiteral("DicomServerEnabled"), true},
            {QStringLiteral("DicomAet"), options_.aeTitle},
            {QStringLiteral("DicomPort"), int(dicomPort_)},
            {QStringLiteral("DicomCheckCalledAet"), true},
            {QStringLiteral("DicomCheckModalityHost"), false},
            {QStringLiteral("DicomAlwaysAllowEcho"), true},
            {QStringLiteral("DicomAlwaysAllowStore"), true},
            {QStringLiteral("DicomAlwaysAllowFind"), true},
            {QStringLiteral("DicomAlwaysAllowGet"), true},
            {QStringLiteral("DicomAlwaysAllowMove"), true},
            {QStringLiteral("DicomModalities"), modalities},
            {QStringLiteral("DicomAssociationCloseDelay"), 0},
            {QStringLiteral("DicomScpTimeout"), 10},
            {QStringLiteral("SaveJobs"), false},
            {QStringLiteral("StorageCompression"), false},
        };
        const QString configPath = dir_.filePath(QStringLiteral("orthanc.json"));
        QFile file(configPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0) {
            *error = QStringLiteral("cannot write ") + configPath;
            return false;
        }
        file.close();
        process_.setProgram(QString::fromLatin1(kBinary));
        process_.setArguments({configPath});
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.setStandardOutputFile(dir_.filePath(QStringLiteral("orthanc.log")),
                                       QIODevice::Append);
        process_.start();
        if (!process_.waitForStarted(10000)) {
            *error = QStringLiteral("Orthanc did not start: ") + process_.errorString();
            return false;
        }
        pid_ = process_.processId();
        const QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            if (process_.state() != QProcess::Running) {
                *error = QStringLiteral("Orthanc exited: ") + log();
                return false;
            }
            if (!get(QStringLiteral("/system")).isEmpty())
                return true;
            QThread::msleep(100);
        }
        *error = QStringLiteral("Orthanc did not answer on its REST port: ") + log();
        stop();
        return false;
    }

    /// Same configuration, ports and storage.
    bool restart(QString* error)
    {
        stop();
        return start(error);
    }

    void stop()
    {
        if (process_.state() == QProcess::NotRunning)
            return;
        process_.kill();
        process_.waitForFinished(10000);
    }

    /// SIGKILL from any thread (QProcess itself is not thread-safe).
    void killFromAnyThread() const
    {
        if (pid_t pid = pid_t(pid_); pid > 0)
            ::kill(pid, SIGKILL);
    }

    mammolens::core::PacsNode node() const
    {
        mammolens::core::PacsNode n;
        n.name = QStringLiteral("orthanc");
        n.aeTitle = options_.aeTitle;
        n.host = QStringLiteral("127.0.0.1");
        n.port = dicomPort_;
        n.supportsGet = true;
        return n;
    }
    quint16 dicomPort() const { return dicomPort_; }
    quint16 httpPort() const { return httpPort_; }

    /// REST request; empty on any failure.
    QByteArray request(const QByteArray& verb, const QString& path,
                       const QByteArray& body = {}) const
    {
        QNetworkAccessManager manager;
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(httpPort_).arg(path)));
        req.setTransferTimeout(5000);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = manager.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(6000, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray data = reply->isFinished() && reply->error() == QNetworkReply::NoError
                                    ? reply->readAll()
                                    : QByteArray();
        reply->abort();
        reply->deleteLater();
        return data;
    }
    QByteArray get(const QString& path) const { return request("GET", path); }
    QJsonDocument getJson(const QString& path) const { return QJsonDocument::fromJson(get(path)); }

    QString log() const
    {
        QFile f(dir_.filePath(QStringLiteral("orthanc.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
    }

private:
    Options options_;
    QTemporaryDir dir_;
    QProcess process_;
    quint16 dicomPort_ = 0;
    quint16 httpPort_ = 0;
    std::atomic<qint64> pid_{0};
};

} // namespace pacstest
