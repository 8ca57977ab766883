#pragma once
// What a C-FIND asks for (issue 9): the keys a screening reader searches by.

#include <QDate>
#include <QString>

namespace mammolens::core {

struct PacsQuery
{
    enum class Level
    {
        Study,
        Series,
    };
    Level level = Level::Study;
    QString patientId;   ///< exact, or with DICOM wildcards (* ?)
    QString patientName; ///< DICOM PN matching; wildcards allowed ("DOE^*")
    QDate since;         ///< study date range, either end open
    QDate until;
    QString accessionNumber;
    QString modality = QStringLiteral("MG"); ///< ModalitiesInStudy at study level; empty: any
    QString studyUid; ///< restricts to one study (series level: the study to list)
};

} // namespace mammolens::core
