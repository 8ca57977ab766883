#include "ui/panels/patchgallery.h"

#include <QImage>
#include <QListWidget>
#include <QPixmap>
#include <QVBoxLayout>

#include <opencv2/core.hpp>

#include <algorithm>

namespace mammolens::ui {

namespace {

constexpr int kRole = Qt::UserRole + 1;

/// The patch's stored pixels windowed to their own range, as a thumbnail.
QPixmap thumbnail(const cv::Mat& pixels, const cv::Rect& rect)
{
    const cv::Rect r = rect & cv::Rect(0, 0, pixels.cols, pixels.rows);
    if (r.empty())
        return {};
    cv::Mat grey;
    cv::normalize(pixels(r), grey, 0, 255, cv::NORM_MINMAX, CV_8U);
    QImage image(grey.data, grey.cols, grey.rows, int(grey.step), QImage::Format_Grayscale8);
    return QPixmap::fromImage(image.copy());
}

} // namespace

PatchGallery::PatchGallery(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("patchGallery"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    list_ = new QListWidget(this);
    list_->setViewMode(QListView::IconMode);
    list_->setIconSize(QSize(128, 128));
    list_->setResizeMode(QListView::Adjust);
    list_->setMovement(QListView::Static);
    list_->setSpacing(4);
    layout->addWidget(list_);
    connect(list_, &QListWidget::itemActivated, this, &PatchGallery::onItemActivated);
    connect(list_, &QListWidget::itemClicked, this, &PatchGallery::onItemActivated);
}

void PatchGallery::clear()
{
    list_->clear();
    patches_.clear();
}

void PatchGallery::addPatches(const std::vector<GalleryPatch>& patches, const cv::Mat& pixels)
{
    for (const GalleryPatch& p : patches) {
        patches_.push_back(p);
        auto* item = new QListWidgetItem(QIcon(thumbnail(pixels, p.storedRect)),
                                         tr("%1 #%2  %3")
                                             .arg(core::toString(p.view))
                                             .arg(p.rank)
                                             .arg(double(p.attention), 0, 'f', 3));
        item->setData(kRole, int(patches_.size() - 1));
        item->setData(Qt::UserRole, double(p.attention));
        // Keep the list sorted by attention, highest first.
        int row = 0;
        while (row < list_->count() && list_->item(row)->data(Qt::UserRole).toDouble() >= p.attention)
            ++row;
        list_->insertItem(row, item);
    }
}

int PatchGallery::count() const
{
    return list_->count();
}

std::vector<GalleryPatch> PatchGallery::orderedPatches() const
{
    std::vector<GalleryPatch> out;
    for (int i = 0; i < list_->count(); ++i)
        out.push_back(patches_[size_t(list_->item(i)->data(kRole).toInt())]);
    return out;
}

void PatchGallery::onItemActivated(QListWidgetItem* item)
{
    const GalleryPatch& p = patches_[size_t(item->data(kRole).toInt())];
    Q_EMIT patchActivated(p.view, p.storedRect);
}

} // namespace mammolens::ui
