#pragma once
// The patches GMIC attended to, at full resolution from the stored image, sorted by attention
// over all views. Clicking one asks for its view to centre and zoom there.

#include "core/exam/view.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace mammolens::ui {

struct GalleryPatch
{
    core::StandardView view = core::StandardView::LCC;
    int rank = 0;           ///< 1-based selection order within its view
    float attention = 0.0f;
    cv::Rect storedRect;    ///< the stored pixels the patch shows
};

class PatchGallery : public QWidget
{
    Q_OBJECT
public:
    explicit PatchGallery(QWidget* parent = nullptr);

    void clear();
    /// Adds one view's patches; `pixels` is the stored 16-bit image they are cut from.
    void addPatches(const std::vector<GalleryPatch>& patches, const cv::Mat& pixels);
    int count() const;
    /// The gallery's order (highest attention first), for tests.
    std::vector<GalleryPatch> orderedPatches() const;

Q_SIGNALS:
    void patchActivated(core::StandardView view, const cv::Rect& storedRect);

private:
    void onItemActivated(QListWidgetItem* item);

    QListWidget* list_ = nullptr;
    std::vector<GalleryPatch> patches_;
};

} // namespace mammolens::ui
