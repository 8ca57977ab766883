#include "app/common/examreportwriter.h"

#include "app/common/batchoutputdir.h"
#include "app/common/visualizer.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <map>
#include <opencv2/imgproc.hpp>
#include <optional>

namespace mammolens::app {

using core::Error;
using core::StandardView;

const QString ExamReportWriter::kPdfFile = QStringLiteral("report.pdf");
const QString ExamReportWriter::kPngFile = QStringLiteral("report.png");

namespace {

// The page is laid out in tenths of a millimetre (A4: 2100 x 2970) whatever it is painted on;
// fonts are sized in the same unit (QFont pixel sizes), so the PDF and the PNG are one layout.
constexpr double kPageWidth = 2100;
constexpr double kPageHeight = 2970;
constexpr double kMargin = 120;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kTop = 110;
constexpr double kFooterTop = kPageHeight - 150;
constexpr double kAssessmentHeight = 440;
constexpr double kTablesHeight = 240;
constexpr double kCentreGap = 20;   ///< between the right and the left breast's cells
constexpr double kRowGap = 40;      ///< between the CC and the MLO row
constexpr double kTextColumn = 330; ///< a view's text, on the side away from the chest wall
constexpr double kTextImageGap = 24;
constexpr double kLine = 36; ///< one line of table text

const QColor kInk(20, 20, 20);
const QColor kMuted(95, 95, 95);
const QColor kRule(170, 170, 170);
const QColor kAlarm(176, 0, 0);
const QColor kPatch(255, 220, 0); ///< Visualizer's patch colour
const QColor kEmptyView(238, 238, 238);

/// Hanging order: R-CC | L-CC above R-MLO | L-MLO (right breast on the viewer's left).
constexpr StandardView kHanging[2][2] = {{StandardView::RCC, StandardView::LCC},
                                         {StandardView::RMLO, StandardView::LMLO}};

QFont font(int size, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(size);
    f.setBold(bold);
    // Unhinted glyphs have the same advances at every scale: the PDF and the PNG break and
    // elide text at the same places.
    f.setHintingPreference(QFont::PreferNoHinting);
    // Any letter spacing turns ligatures off: "fi" stays two letters, so the PDF's text is found
    // by a search for "Confidence" and copied as typed. 1/64 unit is the smallest step.
    f.setLetterSpacing(QFont::AbsoluteSpacing, 1.0 / 64);
    return f;
}

QString score(double v)
{
    return QString::number(v, 'f', 3);
}

QString utc(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

/// One line of text in `r`, elided to its width.
void line(QPainter& p, const QRectF& r, const QString& s, const QFont& f,
          const QColor& colour = kInk, Qt::Alignment align = Qt::AlignLeft)
{
    p.setFont(f);
    p.setPen(colour);
    p.drawText(r, int(align | Qt::AlignVCenter) | Qt::TextSingleLine,
               QFontMetricsF(f).elidedText(s, Qt::ElideRight, r.width()));
}

/// "Label: value" on one line, the label muted.
void labelled(QPainter& p, const QPointF& at, double width, const QString& label,
              const QString& value)
{
    const QFont lf = font(24);
    const QFont vf = font(28);
    const double lw = QFontMetricsF(lf).horizontalAdvance(label + QLatin1Char(':'));
    line(p, QRectF(at.x(), at.y(), lw + 2, kLine), label + QLatin1Char(':'), lf, kMuted);
    const double vx = at.x() + lw + 14;
    const double vw = std::max(0.0, width - (vx - at.x()));
    line(p, QRectF(vx, at.y(), vw, kLine), value, vf);
}

/// Wrapped text in `r`, shortened with an ellipsis until it fits.
void paragraph(QPainter& p, const QRectF& r, QString s, const QFont& f, const QColor& colour)
{
    const QFontMetricsF fm(f);
    const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
    auto height = [&](const QString& t) { return fm.boundingRect(r, flags, t).height(); };
    if (height(s) > r.height()) {
        while (s.size() > 1 && height(s + QChar(0x2026)) > r.height())
            s.chop(std::max<qsizetype>(1, s.size() / 20));
        s += QChar(0x2026);
    }
    p.setFont(f);
    p.setPen(colour);
    p.drawText(r, flags, s);
}

void rule(QPainter& p, double y)
{
    p.setPen(QPen(kRule, 3));
    p.drawLine(QPointF(kMargin, y), QPointF(kPageWidth - kMargin, y));
}

/// One banner line per non-clinical model (ModelIdentity::clinical()), duplicates once.
QStringList notForDiagnosis(const ExamAnalysis& analysis)
{
    QStringList lines;
    for (const auto& m : analysis.models) {
        if (m.clinical())
            continue;
        const QString why = QString::fromStdString(m.provenance) + QStringLiteral(" weights");
        const QString name = QString::fromStdString(m.name);
        // "random weights (random weights (seed 1))" says it twice.
        lines << QStringLiteral("NOT FOR DIAGNOSIS: ") +
                     (name.startsWith(why) ? name
                                           : why + QStringLiteral(" (") + name + QLatin1Char(')'));
    }
    lines.removeDuplicates();
    return lines;
}

/// A view's error without the file's path (a folder may be named after the patient).
QString viewError(const ViewAnalysis& v)
{
    QString e = v.error;
    if (!v.source.isEmpty()) {
        if (e.startsWith(v.source + QStringLiteral(": ")))
            e = e.mid(v.source.size() + 2);
        e.replace(v.source, QStringLiteral("the image file"));
    }
    return e.isEmpty() ? QStringLiteral("no prediction") : e;
}

QString findingText(const core::Finding& f)
{
    QString text = QStringLiteral("%1, %2 breast, %3, at column %4, row %5")
                       .arg(core::toString(f.type).replace(QLatin1Char('_'), QLatin1Char(' ')),
                            f.breast == core::Laterality::Right ? QStringLiteral("right")
                                                                : QStringLiteral("left"),
                            f.view)
                       .arg(qRound(f.x))
                       .arg(qRound(f.y));
    if (f.radius)
        text += QStringLiteral(", radius %1").arg(qRound(*f.radius));
    return text + QStringLiteral(" (image pixels)");
}

/// Visualizer's windowing and blend (its helpers are file-local there): 16-bit stored pixels to
/// grey over the breast's range, background black, the [0,1] map blended in red at 0.7 x value.
cv::Mat composeMalignant(const core::MammogramImage& image, const ViewAnalysis& view)
{
    const cv::Mat& pixels = image.pixels;
    double lo = 0, hi = 0;
    cv::minMaxLoc(pixels, &lo, &hi, nullptr, nullptr, pixels > 0);
    const double scale = hi > lo ? 255.0 / (hi - lo) : 1.0;
    cv::Mat grey;
    pixels.convertTo(grey, CV_8U, scale, -lo * scale);
    grey.setTo(0, pixels == 0);
    cv::Mat map =
        Visualizer::saliencyOnStored(view.prediction->perModel.front(), 1, view.geometry, true);
    map.setTo(0, pixels == 0); // the background carries no finding
    cv::Mat rgb(pixels.size(), CV_8UC3);
    for (int r = 0; r < rgb.rows; ++r) {
        const uchar* g = grey.ptr<uchar>(r);
        const float* m = map.ptr<float>(r);
        auto* px = rgb.ptr<cv::Vec3b>(r);
        for (int c = 0; c < rgb.cols; ++c) {
            const float a = std::clamp(m[c], 0.0f, 1.0f) * 0.7f;
            px[c][0] = cv::saturate_cast<uchar>(g[c] * (1 - a) + 255 * a);
            px[c][1] = cv::saturate_cast<uchar>(g[c] * (1 - a));
            px[c][2] = px[c][1];
        }
    }
    return rgb;
}

bool haveGui()
{
    return qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr;
}

Error noGui()
{
    return Error{QStringLiteral("export.no_gui"),
                 QStringLiteral("The report needs a QGuiApplication (fonts)."),
                 {}};
}

} // namespace

struct ExamReportWriter::Layout
{
    QStringList banner;
    double bannerTop = 0;
    double modelsTop = 0;
    double viewsTop = 0; ///< the heading; the cells start below it
    std::map<StandardView, QRectF> cells;
    std::map<StandardView, QRectF> imageAreas; ///< the cell less its text column
    std::map<StandardView, QRectF> images;     ///< where each stored image is drawn
    std::map<StandardView, QRectF> texts;
    double storedToPage = 0; ///< one scale for all four views: the breasts compare at a glance
    double tablesTop = 0;
    double assessmentTop = 0;
};

ExamReportWriter::ExamReportWriter(const core::Exam& exam, const ExamAnalysis& analysis,
                                   const ReaderAssessment* reader, QDateTime generatedAt)
    : exam_(exam), analysis_(analysis), reader_(reader), generatedAt_(std::move(generatedAt))
{}

ExamReportWriter::Layout ExamReportWriter::layout() const
{
    Layout l;
    double y = kTop + 70 + 50 + 10; // title, exam line, rule
    l.banner = notForDiagnosis(analysis_);
    if (!l.banner.isEmpty()) {
        l.bannerTop = y + 10;
        y = l.bannerTop + 24 + 44 * l.banner.size() + 20;
    } else {
        y += 10;
    }
    l.modelsTop = y;
    y += 44 + 34 + kLine * std::max<size_t>(1, analysis_.models.size()) + 20;
    l.viewsTop = y;
    const double cellsTop = y + 70; // the heading and two lines of caption
    l.assessmentTop = kFooterTop - 20 - kAssessmentHeight;
    l.tablesTop = l.assessmentTop - 20 - kTablesHeight;
    const double cellHeight = (l.tablesTop - 30 - cellsTop - kRowGap) / 2;
    const double cellWidth = (kContentWidth - kCentreGap) / 2;
    const double imageWidth = cellWidth - kTextColumn - kTextImageGap;

    l.storedToPage = 0;
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 2; ++col) {
            const StandardView v = kHanging[row][col];
            const bool right = col == 0;
            const QRectF cell(kMargin + col * (cellWidth + kCentreGap),
                              cellsTop + row * (cellHeight + kRowGap), cellWidth, cellHeight);
            l.cells[v] = cell;
            // The chest wall toward the centre: the right breast's image against its cell's
            // right edge, the left breast's against its left edge; the text goes outside.
            l.imageAreas[v] =
                right ? QRectF(cell.right() - imageWidth, cell.top(), imageWidth, cellHeight)
                      : QRectF(cell.left(), cell.top(), imageWidth, cellHeight);
            l.texts[v] =
                right ? QRectF(cell.left(), cell.top(), kTextColumn, cellHeight)
                      : QRectF(cell.right() - kTextColumn, cell.top(), kTextColumn, cellHeight);
            auto image = exam_.views.find(v);
            if (image == exam_.views.end() || image->second.pixels.empty())
                continue;
            const double fit = std::min(imageWidth / image->second.pixels.cols,
                                        cellHeight / image->second.pixels.rows);
            l.storedToPage = l.storedToPage == 0 ? fit : std::min(l.storedToPage, fit);
        }
    for (const auto& [v, area] : l.imageAreas) {
        // Only views with a prediction show their image; the others show why in its place.
        auto image = exam_.views.find(v);
        const ViewAnalysis* va = analysis_.view(v);
        if (image == exam_.views.end() || image->second.pixels.empty() || !va || !va->prediction)
            continue;
        const QSizeF size(image->second.pixels.cols * l.storedToPage,
                          image->second.pixels.rows * l.storedToPage);
        const bool right = core::lateralityOf(v) == core::Laterality::Right;
        // Vertically centred, as the workstation anchors the middle of the chest-wall edge.
        const QRectF placed(QPointF(right ? area.right() - size.width() : area.left(),
                                    area.top() + (area.height() - size.height()) / 2),
                            size);
        l.images[v] = placed;
        // The view's text beside the image's outer edge, from its top.
        const QRectF& cell = l.cells[v];
        const double x = right
                             ? std::max(cell.left(), placed.left() - kTextImageGap - kTextColumn)
                             : std::min(cell.right() - kTextColumn, placed.right() + kTextImageGap);
        l.texts[v] = QRectF(x, placed.top(), kTextColumn, cell.bottom() - placed.top());
    }
    return l;
}

QRect ExamReportWriter::pngViewCell(StandardView view) const
{
    const double k = kPngWidth / kPageWidth;
    const QRectF cell = layout().cells.at(view);
    return QRectF(cell.left() * k, cell.top() * k, cell.width() * k, cell.height() * k)
        .toAlignedRect();
}

struct ExamReportWriter::ViewImages
{
    std::map<StandardView, QImage> composed;

    /// The stored image windowed to grey with the malignant map blended in, at `size` pixels
    /// (the page's rect at kPdfDpi).
    const QImage& get(const core::Exam& exam, const ExamAnalysis& analysis, StandardView view,
                      const QSize& size)
    {
        auto cached = composed.find(view);
        if (cached != composed.end() && cached->second.size() == size)
            return cached->second;
        const cv::Mat full = composeMalignant(exam.views.at(view), *analysis.view(view));
        cv::Mat small;
        cv::resize(full, small, cv::Size(size.width(), size.height()), 0, 0, cv::INTER_AREA);
        QImage q(small.data, small.cols, small.rows, int(small.step), QImage::Format_RGB888);
        q = q.copy(); // own the pixels: `small` dies here
        q.setDotsPerMeterX(qRound(kPdfDpi / 0.0254));
        q.setDotsPerMeterY(qRound(kPdfDpi / 0.0254));
        return composed[view] = q;
    }
};

void ExamReportWriter::paint(QPainter& p, double deviceWidth, ViewImages& images) const
{
    const Layout l = layout();
    p.save();
    p.scale(deviceWidth / kPageWidth, deviceWidth / kPageWidth);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                     QPainter::SmoothPixmapTransform);
    p.fillRect(QRectF(0, 0, kPageWidth, kPageHeight), Qt::white);
    const double width = kContentWidth;

    // Header: what, which exam, when. Never who (the patient).
    line(p, QRectF(kMargin, kTop, width, 70), QStringLiteral("MammoLens exam report"),
         font(60, true));
    line(p, QRectF(kMargin, kTop, width, 70), QStringLiteral("Generated ") + utc(generatedAt_),
         font(26), kMuted, Qt::AlignRight);
    const double examY = kTop + 70;
    labelled(p, QPointF(kMargin, examY + 7), width - 400, QStringLiteral("Exam"), analysis_.examId);
    if (!analysis_.device.isEmpty())
        line(p, QRectF(kPageWidth - kMargin - 390, examY + 7, 390, kLine),
             QStringLiteral("computed on ") + analysis_.device, font(24), kMuted, Qt::AlignRight);
    rule(p, examY + 55);

    if (!l.banner.isEmpty()) {
        const QRectF box(kMargin, l.bannerTop, width, 24 + 44 * l.banner.size());
        p.fillRect(box, kAlarm);
        for (int i = 0; i < l.banner.size(); ++i)
            line(p, QRectF(box.left() + 20, box.top() + 12 + 44 * i, box.width() - 40, 44),
                 l.banner[i], font(32, true), Qt::white);
    }

    // Models.
    {
        const size_t n = analysis_.models.size();
        line(p, QRectF(kMargin, l.modelsTop, width, 44),
             n > 1 ? QStringLiteral("Models (an ensemble of %1: the scores are their mean)").arg(n)
                   : QStringLiteral("Model"),
             font(32, true));
        const double columns[] = {0, 560, 840, 1060, width};
        const QString heads[] = {QStringLiteral("Name"), QStringLiteral("Id"),
                                 QStringLiteral("Provenance"), QStringLiteral("Configuration")};
        double y = l.modelsTop + 44;
        for (int c = 0; c < 4; ++c)
            line(p, QRectF(kMargin + columns[c], y, columns[c + 1] - columns[c] - 20, 34), heads[c],
                 font(22), kMuted);
        y += 34;
        if (n == 0)
            line(p, QRectF(kMargin, y, width, kLine), QStringLiteral("no model"), font(26));
        for (const auto& m : analysis_.models) {
            const QString cells[] = {
                QString::fromStdString(m.name), QString::fromStdString(m.shortId()),
                QString::fromStdString(m.provenance), QString::fromStdString(m.config.describe())};
            for (int c = 0; c < 4; ++c)
                line(p, QRectF(kMargin + columns[c], y, columns[c + 1] - columns[c] - 20, kLine),
                     cells[c], font(26), c == 2 && !m.clinical() ? kAlarm : kInk);
            y += kLine;
        }
    }

    // The four views in the hanging.
    {
        QString caption = QStringLiteral(
            "Right breast on the left, chest walls toward the centre. Red: malignant saliency; "
            "yellow boxes: the patches the model attended to, numbered by rank.");
        if (analysis_.models.size() > 1)
            caption += QStringLiteral(" Maps and patches of model %1.")
                           .arg(QString::fromStdString(analysis_.models.front().shortId()));
        line(p, QRectF(kMargin, l.viewsTop, 200, 44), QStringLiteral("Views"), font(32, true));
        paragraph(p, QRectF(kMargin + 130, l.viewsTop + 8, width - 130, 56), caption, font(21),
                  kMuted);
    }
    for (const auto& [v, cell] : l.cells) {
        const ViewAnalysis* va = analysis_.view(v);
        const QRectF text = l.texts.at(v);
        // Right breast: its text right-aligned against the image, left breast: left-aligned.
        const Qt::Alignment align =
            core::lateralityOf(v) == core::Laterality::Right ? Qt::AlignRight : Qt::AlignLeft;
        const QRectF area = l.imageAreas.at(v);
        double y = text.top();
        line(p, QRectF(text.left(), y, text.width(), 50), core::toString(v), font(40, true), kInk,
             align);
        y += 54;
        auto image = exam_.views.find(v);
        const bool predicted =
            va && va->prediction && image != exam_.views.end() && !image->second.pixels.empty();
        if (!predicted) {
            // In place of the image: why there is none.
            const QString why = !va ? QStringLiteral("This view is not in the exam.")
                                    : QStringLiteral("Failed: ") + viewError(*va);
            line(p, QRectF(text.left(), y, text.width(), kLine),
                 va ? QStringLiteral("failed") : QStringLiteral("missing"), font(28, true),
                 va ? kAlarm : kMuted, align);
            p.fillRect(area, kEmptyView);
            paragraph(p, area.adjusted(30, 30, -30, -30), why, font(26), va ? kAlarm : kMuted);
            continue;
        }
        const inference::ViewPrediction& pred = *va->prediction;
        line(p, QRectF(text.left(), y, text.width(), 38),
             QStringLiteral("benign ") + score(pred.yFusion[0]), font(28), kInk, align);
        y += 38;
        line(p, QRectF(text.left(), y, text.width(), 38),
             QStringLiteral("malignant ") + score(pred.yFusion[1]), font(28, true), kInk, align);
        y += 38;
        if (pred.perModel.size() > 1) {
            line(p, QRectF(text.left(), y, text.width(), 30),
                 QStringLiteral("spread %1 / %2")
                     .arg(score(pred.fusionSpread[0]), score(pred.fusionSpread[1])),
                 font(22), kMuted, align);
            y += 30;
        }
        const inference::GmicResult& r = pred.perModel.front();
        if (!r.patches.empty()) {
            y += 14;
            line(p, QRectF(text.left(), y, text.width(), 30),
                 QStringLiteral("patches (rank: attention)"), font(21), kMuted, align);
            y += 30;
            for (size_t k = 0; k < r.patches.size() && y + 30 <= text.bottom(); ++k, y += 30)
                line(p, QRectF(text.left(), y, text.width(), 30),
                     QStringLiteral("%1: %2").arg(k + 1).arg(score(r.patches[k].attention)),
                     font(24), kInk, align);
        }

        const QRectF target = l.images.at(v);
        const QSize pixels(std::max(1, qRound(target.width() * kPdfDpi / 254.0)),
                           std::max(1, qRound(target.height() * kPdfDpi / 254.0)));
        p.drawImage(target, images.get(exam_, analysis_, v, pixels));
        // Patches: the stored pixels each one shows (padding removed, GMIC-SPEC 11), the same
        // boxes as result.json's stored_box and the <VIEW>.png figure.
        p.save();
        p.setClipRect(target);
        const double s = l.storedToPage;
        for (size_t k = 0; k < r.patches.size(); ++k) {
            const auto& patch = r.patches[k];
            const cv::Rect box = va->geometry.inputRectToStoredClipped(
                cv::Rect(patch.col, patch.row, r.cropCols, r.cropRows));
            if (box.empty())
                continue;
            const QRectF b(target.left() + box.x * s, target.top() + box.y * s, box.width * s,
                           box.height * s);
            p.setPen(QPen(kPatch, 5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(b);
            const QFont f = font(18, true);
            const QString rank = QString::number(k + 1);
            const QRectF tag(b.left() + 2.5, b.top() + 2.5,
                             QFontMetricsF(f).horizontalAdvance(rank) + 8, 22);
            p.fillRect(tag, Qt::black);
            line(p, tag, rank, f, kPatch, Qt::AlignHCenter);
        }
        p.restore();
    }

    // Scores: per view (y_fusion, the ensemble mean) and per breast (as breasts.csv).
    {
        const bool ensemble = analysis_.models.size() > 1;
        double y = l.tablesTop;
        line(p, QRectF(kMargin, y, 800, 44), QStringLiteral("Scores per view (y_fusion)"),
             font(30, true));
        const double vc[] = {0, 160, 330, 510, 820};
        const QString vh[] = {QStringLiteral("View"), QStringLiteral("Benign"),
                              QStringLiteral("Malignant"),
                              ensemble ? QStringLiteral("Spread (B / M)") : QString()};
        y += 44;
        for (int c = 0; c < 4; ++c)
            line(p, QRectF(kMargin + vc[c], y, vc[c + 1] - vc[c] - 10, 34), vh[c], font(22),
                 kMuted);
        y += 34;
        for (const auto& row : kHanging)
            for (StandardView v : row) {
                const ViewAnalysis* va = analysis_.view(v);
                QString cells[4] = {core::toString(v)};
                if (va && va->prediction) {
                    cells[1] = score(va->prediction->yFusion[0]);
                    cells[2] = score(va->prediction->yFusion[1]);
                    if (ensemble)
                        cells[3] = score(va->prediction->fusionSpread[0]) + QStringLiteral(" / ") +
                                   score(va->prediction->fusionSpread[1]);
                } else {
                    cells[1] = va ? QStringLiteral("failed") : QStringLiteral("missing");
                }
                for (int c = 0; c < 4; ++c)
                    line(p, QRectF(kMargin + vc[c], y, vc[c + 1] - vc[c] - 10, kLine), cells[c],
                         font(26, c == 2));
                y += kLine;
            }

        const double x0 = kMargin + 860;
        y = l.tablesTop;
        line(p, QRectF(x0, y, width - 860, 44),
             QStringLiteral("Per breast (mean and max of CC, MLO)"), font(30, true));
        const double bc[] = {0, 130, 290, 450, 610, 800, width - 860};
        const QString bh[] = {QStringLiteral("Breast"),         QStringLiteral("Views"),
                              QStringLiteral("Benign mean"),    QStringLiteral("Benign max"),
                              QStringLiteral("Malignant mean"), QStringLiteral("Malignant max")};
        y += 44;
        for (int c = 0; c < 6; ++c)
            line(p, QRectF(x0 + bc[c], y, bc[c + 1] - bc[c] - 10, 34), bh[c], font(22), kMuted);
        y += 34;
        for (core::Laterality side : {core::Laterality::Right, core::Laterality::Left}) {
            double sum[2] = {0, 0}, max[2] = {0, 0};
            QStringList used;
            for (core::ViewPosition pos : {core::ViewPosition::CC, core::ViewPosition::MLO}) {
                const ViewAnalysis* va = analysis_.view(*core::standardView(side, pos));
                if (!va || !va->prediction)
                    continue;
                used << (pos == core::ViewPosition::CC ? QStringLiteral("CC")
                                                       : QStringLiteral("MLO"));
                for (int c = 0; c < 2; ++c) {
                    sum[c] += va->prediction->yFusion[size_t(c)];
                    max[c] = std::max(max[c], double(va->prediction->yFusion[size_t(c)]));
                }
            }
            QString cells[6] = {side == core::Laterality::Right ? QStringLiteral("Right")
                                                                : QStringLiteral("Left")};
            cells[1] = used.isEmpty() ? QStringLiteral("none") : used.join(QLatin1Char('+'));
            if (!used.isEmpty()) {
                cells[2] = score(sum[0] / used.size());
                cells[3] = score(max[0]);
                cells[4] = score(sum[1] / used.size());
                cells[5] = score(max[1]);
            }
            for (int c = 0; c < 6; ++c)
                line(p, QRectF(x0 + bc[c], y, bc[c + 1] - bc[c] - 10, kLine), cells[c],
                     font(26, c >= 4));
            y += kLine;
        }
    }

    // The reader's assessment.
    {
        double y = l.assessmentTop;
        rule(p, y - 10);
        line(p, QRectF(kMargin, y, width, 44), QStringLiteral("Reader assessment"), font(30, true));
        y += 48;
        if (!reader_) {
            line(p, QRectF(kMargin, y, width, kLine),
                 QStringLiteral("No reader assessment recorded."), font(28));
        } else {
            const core::Assessment& a = reader_->assessment;
            auto birads = [](const std::optional<int>& b) {
                return b ? QString::number(*b) : QStringLiteral("not assessed");
            };
            const QDateTime when = a.updatedAt.isValid() ? a.updatedAt : a.createdAt;
            const QString items[3][3][2] = {
                {{QStringLiteral("Reader"), reader_->readerName},
                 {QStringLiteral("Phase"), a.phase == core::AssessmentPhase::Initial
                                               ? QStringLiteral("initial")
                                               : QStringLiteral("post-AI")},
                 {QStringLiteral("Assessed"),
                  when.isValid() ? utc(when) : QStringLiteral("not recorded")}},
                {{QStringLiteral("BI-RADS right"), birads(a.biradsRight)},
                 {QStringLiteral("BI-RADS left"), birads(a.biradsLeft)},
                 {QStringLiteral("Recall"),
                  a.recall ? QStringLiteral("yes") : QStringLiteral("no")}},
                {{QStringLiteral("Density"),
                  a.density ? core::toString(*a.density) : QStringLiteral("not given")},
                 {QStringLiteral("Confidence"), a.confidence
                                                    ? QStringLiteral("%1 / 100").arg(*a.confidence)
                                                    : QStringLiteral("not given")},
                 {QStringLiteral("Findings"), QString::number(a.findings.size())}}};
            const double colWidth = width / 3;
            for (const auto& row : items) {
                for (int c = 0; c < 3; ++c)
                    labelled(p, QPointF(kMargin + c * colWidth, y), colWidth - 20, row[c][0],
                             row[c][1]);
                y += kLine + 2;
            }
            y += 6;
            const double end = kFooterTop - 20;
            // Findings, then notes; what does not fit is cut (the reading store has it all).
            const double notesReserve = a.notes.trimmed().isEmpty() ? 0 : 2 * 34;
            const size_t fits = size_t(std::max(0.0, (end - y - notesReserve) / 34));
            const size_t n = a.findings.size();
            const size_t shown = n <= fits ? n : (fits > 0 ? fits - 1 : 0);
            for (size_t i = 0; i < shown; ++i, y += 34)
                line(p, QRectF(kMargin + 20, y, width - 20, 34),
                     QStringLiteral("%1. ").arg(i + 1) + findingText(a.findings[i]), font(24));
            if (shown < n && fits > 0) {
                line(p, QRectF(kMargin + 20, y, width - 20, 34),
                     QStringLiteral("... and %1 more findings").arg(n - shown), font(24), kMuted);
                y += 34;
            }
            if (!a.notes.trimmed().isEmpty() && end - y >= 34) {
                const QFont lf = font(24);
                const double lw = QFontMetricsF(lf).horizontalAdvance(QStringLiteral("Notes:"));
                line(p, QRectF(kMargin, y, lw + 2, 34), QStringLiteral("Notes:"), lf, kMuted);
                paragraph(p, QRectF(kMargin + lw + 14, y + 3, width - lw - 14, end - y - 3),
                          a.notes.simplified(), font(24), kInk);
            }
        }
    }

    // Footer.
    rule(p, kFooterTop);
    line(p, QRectF(kMargin, kFooterTop + 10, width, 40),
         QStringLiteral("MammoLens %1").arg(QStringLiteral(MAMMOLENS_VERSION)), font(22), kMuted);
    line(p, QRectF(kMargin, kFooterTop + 10, width, 40), QStringLiteral("page 1 of 1"), font(22),
         kMuted, Qt::AlignRight);
    p.restore();
}

core::Outcome<QByteArray> ExamReportWriter::renderPdf(ViewImages& images) const
{
    if (!haveGui())
        return noGui();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        writer.setResolution(kPdfDpi);
        writer.setTitle(QStringLiteral("MammoLens exam report"));
        writer.setCreator(QStringLiteral("MammoLens %1").arg(QStringLiteral(MAMMOLENS_VERSION)));
        QPainter painter;
        if (!painter.begin(&writer))
            return Error{QStringLiteral("export.render_failed"),
                         QStringLiteral("Cannot paint the PDF report."), analysis_.examId};
        paint(painter, writer.width(), images);
        painter.end();
    }
    if (buffer.data().isEmpty())
        return Error{QStringLiteral("export.render_failed"),
                     QStringLiteral("The PDF report came out empty."), analysis_.examId};
    return buffer.data();
}

core::Outcome<QByteArray> ExamReportWriter::renderPng(ViewImages& images) const
{
    if (!haveGui())
        return noGui();
    QImage image(kPngWidth, kPngHeight, QImage::Format_RGB32);
    image.setDotsPerMeterX(qRound(200 / 0.0254));
    image.setDotsPerMeterY(qRound(200 / 0.0254));
    image.fill(Qt::white);
    QPainter painter;
    if (!painter.begin(&image))
        return Error{QStringLiteral("export.render_failed"),
                     QStringLiteral("Cannot paint the PNG report."), analysis_.examId};
    paint(painter, image.width(), images);
    painter.end();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return Error{QStringLiteral("export.render_failed"),
                     QStringLiteral("Cannot encode the PNG report."), analysis_.examId};
    return buffer.data();
}

core::Outcome<QByteArray> ExamReportWriter::pdf() const
{
    ViewImages images;
    return renderPdf(images);
}

core::Outcome<QByteArray> ExamReportWriter::png() const
{
    ViewImages images;
    return renderPng(images);
}

core::Outcome<QStringList> ExamReportWriter::write(const QString& folder) const
{
    ViewImages images;
    auto pdfBytes = renderPdf(images);
    if (!pdfBytes)
        return pdfBytes.error();
    auto pngBytes = renderPng(images);
    if (!pngBytes)
        return pngBytes.error();
    QStringList written;
    for (const auto& [name, bytes] :
         {std::pair(kPdfFile, &pdfBytes.value()), std::pair(kPngFile, &pngBytes.value())}) {
        const QString path = folder + QLatin1Char('/') + name;
        QString why;
        if (!BatchOutputDir::writeFileAtomically(path, *bytes, &why))
            return Error{QStringLiteral("export.write_failed"), why, path};
        written << path;
    }
    return written;
}

bool ExamReportWriter::existsIn(const QString& folder)
{
    return QFileInfo::exists(folder + QLatin1Char('/') + kPdfFile) &&
           QFileInfo::exists(folder + QLatin1Char('/') + kPngFile);
}

} // namespace mammolens::app
