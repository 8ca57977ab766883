#include "core/exam/view.h"

namespace mammolens::core {

QString toString(StandardView view)
{
    switch (view) {
    case StandardView::LCC:
        return QStringLiteral("L-CC");
    case StandardView::RCC:
        return QStringLiteral("R-CC");
    case StandardView::LMLO:
        return QStringLiteral("L-MLO");
    case StandardView::RMLO:
        return QStringLiteral("R-MLO");
    }
    return {};
}

std::optional<StandardView> standardViewFromString(const QString& name)
{
    for (StandardView v : kStandardViews)
        if (toString(v).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return std::nullopt;
}

Laterality lateralityOf(StandardView view)
{
    return (view == StandardView::LCC || view == StandardView::LMLO) ? Laterality::Left
                                                                     : Laterality::Right;
}

ViewPosition positionOf(StandardView view)
{
    return (view == StandardView::LCC || view == StandardView::RCC) ? ViewPosition::CC
                                                                    : ViewPosition::MLO;
}

std::optional<StandardView> standardView(Laterality laterality, ViewPosition position)
{
    if (position == ViewPosition::Other)
        return std::nullopt;
    const bool left = laterality == Laterality::Left;
    if (position == ViewPosition::CC)
        return left ? StandardView::LCC : StandardView::RCC;
    return left ? StandardView::LMLO : StandardView::RMLO;
}

QString toString(Laterality laterality)
{
    return laterality == Laterality::Left ? QStringLiteral("L") : QStringLiteral("R");
}

} // namespace mammolens::core
