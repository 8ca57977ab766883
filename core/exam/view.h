#pragma once
// Screening views and laterality. GMIC reads the four standard views; any other view is kept
// and listed but never fed to the model.

#include <QString>

#include <optional>

namespace mammolens::core {

enum class Laterality { Left, Right };
enum class ViewPosition { CC, MLO, Other };

/// One of the four GMIC input views, in the order the reference lists them.
enum class StandardView { LCC, RCC, LMLO, RMLO };

constexpr StandardView kStandardViews[] = {StandardView::LCC, StandardView::RCC,
                                           StandardView::LMLO, StandardView::RMLO};

QString toString(StandardView view); ///< "L-CC", "R-CC", "L-MLO", "R-MLO"
std::optional<StandardView> standardViewFromString(const QString& name);
Laterality lateralityOf(StandardView view);
ViewPosition positionOf(StandardView view);
std::optional<StandardView> standardView(Laterality laterality, ViewPosition position);
QString toString(Laterality laterality); ///< "L" or "R"

} // namespace mammolens::core
