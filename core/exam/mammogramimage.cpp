#include "core/exam/mammogramimage.h"

namespace mammolens::core {

QString toString(DecisionSource source)
{
    switch (source) {
    case DecisionSource::ImageLaterality:
        return QStringLiteral("ImageLaterality");
    case DecisionSource::Laterality:
        return QStringLiteral("Laterality");
    case DecisionSource::ViewCodeSequence:
        return QStringLiteral("ViewCodeSequence");
    case DecisionSource::ViewPosition:
        return QStringLiteral("ViewPosition");
    case DecisionSource::SeriesDescription:
        return QStringLiteral("SeriesDescription");
    case DecisionSource::FileName:
        return QStringLiteral("file name");
    case DecisionSource::ExamList:
        return QStringLiteral("exam list");
    }
    return {};
}

std::optional<StandardView> MammogramImage::standardView() const
{
    return mammolens::core::standardView(laterality, position);
}

} // namespace mammolens::core
