#pragma once
// A finding the reader marked, as a viewport draws it (issue 8): where, how large, what label.
// ui/ keeps no reading logic; the assessment panel owns the findings and hands these out.

#include <QPointF>
#include <QString>

namespace mammolens::ui {

struct ReaderMark
{
    QPointF stored;      ///< centre in stored-image pixel coordinates (x = column, y = row)
    double radius = 0.0; ///< in stored pixels; 0 draws a fixed-size ring
    QString text;        ///< short label beside the ring ("1 mass")
};

} // namespace mammolens::ui
