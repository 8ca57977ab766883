#pragma once
// Helpers the reading tests share: a raw Qt Sql connection to a store's file (what a tamperer or
// an older MammoLens would use), and a fully filled assessment.

#include "core/reading/assessment.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace mammolens::testing {

/// Its own connection, removed on destruction; exec() runs one statement.
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
    {
        static QAtomicInteger<int> counter;
        name_ = QStringLiteral("raw-test-%1").arg(counter.fetchAndAddRelaxed(1));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(name_, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(name_, false); }
    QString name() const { return name_; }

    /// Runs the statement; returns an empty string on success, else SQLite's error text.
    QString exec(const QString& sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) ? QString() : q.lastError().text();
    }
    /// The first column of the first row (invalid when there is none or on error).
    QVariant value(const QString& sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString name_;
};

/// Every field set, a finding of each type, text that needs CSV quoting.
inline core::Assessment fullAssessment(qint64 sessionId, const QString& examKey)
{
    core::Assessment a;
    a.sessionId = sessionId;
    a.examKey = examKey;
    a.biradsLeft = 4;
    a.biradsRight = 1;
    a.recall = true;
    a.density = core::BreastDensity::C;
    a.confidence = 73;
    a.notes = QStringLiteral("Spiculated mass, \"upper outer\" quadrant;\nsee prior. Größe 12 mm");
    core::Finding mass;
    mass.type = core::FindingType::Mass;
    mass.breast = core::Laterality::Left;
    mass.view = QStringLiteral("CC");
    mass.x = 1234.5;
    mass.y = 876.25;
    mass.radius = 61.0;
    core::Finding calc = mass;
    calc.type = core::FindingType::Calcification;
    calc.view = QStringLiteral("MLO");
    calc.x = 1100;
    calc.y = 1400.75;
    calc.radius.reset();
    core::Finding distortion = mass;
    distortion.type = core::FindingType::ArchitecturalDistortion;
    distortion.breast = core::Laterality::Right;
    distortion.view = QStringLiteral("XCCL");
    distortion.radius = 0.5;
    core::Finding asymmetry = distortion;
    asymmetry.type = core::FindingType::Asymmetry;
    asymmetry.x = 0;
    asymmetry.y = 0;
    a.findings = {mass, calc, distortion, asymmetry};
    return a;
}

} // namespace mammolens::testing
