#pragma once
// One C-FIND match (issue 9): a study, or a series with its study's attributes.

#include <QDate>
#include <QString>
#include <QStringList>

namespace mammolens::core {

/// Contains patient identifiers: show it, never log it.
struct PacsRecord
{
    // Study level
    QString studyUid;
    QString patientId;
    QString patientName;
    QDate studyDate;
    QString studyTime;
    QString accessionNumber;
    QString studyDescription;
    QStringList modalitiesInStudy;
    int numberOfSeries = -1;    ///< -1: the node did not say
    int numberOfInstances = -1; ///< of the study, or of the series at series level
    // Series level (empty at study level)
    QString seriesUid;
    QString modality;
    QString seriesDescription;
    int seriesNumber = -1;
};

} // namespace mammolens::core
