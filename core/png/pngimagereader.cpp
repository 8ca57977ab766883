#include "core/png/pngimagereader.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <vector>

namespace mammolens::core {

namespace {

QString viewCode(ViewPosition position)
{
    return position == ViewPosition::CC ? QStringLiteral("CC") : QStringLiteral("MLO");
}

struct PngFile
{
    PngHeader header;
    QByteArray bytes;
};

/// Opens the file and reads its first bytes; the header check runs before the rest is read.
Outcome<PngFile> readFile(const QString& path, const PngImageReader::Options& options)
{
    QFile file(path);
    if (!file.exists())
        return Error{"png.not_found", "file does not exist", path};
    if (!file.open(QIODevice::ReadOnly))
        return Error{"png.unreadable", "cannot open the file: " + file.errorString(), path};
    QByteArray bytes = file.read(PngHeader::kMinimumBytes);
    const Outcome<PngHeader> header = PngHeader::parse(bytes, path);
    if (!header)
        return header.error();
    if (header.value().decodedBytes() > options.maxDecodedBytes)
        return Error{"png.too_large",
                     QString("image of %1 x %2 pixels needs %3 MiB decoded, over the %4 MiB budget")
                         .arg(header.value().height)
                         .arg(header.value().width)
                         .arg(header.value().decodedBytes() >> 20)
                         .arg(options.maxDecodedBytes >> 20),
                     path};
    bytes += file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error{"png.unreadable", "read error: " + file.errorString(), path};
    if (PngHeader::isTruncated(bytes))
        return Error{
            "png.truncated",
            QString("file is cut short: %1 bytes end before the IEND chunk").arg(bytes.size()),
            path};
    return PngFile{header.value(), bytes};
}

} // namespace

Outcome<StandardView> PngImageReader::viewFromFileName(const QString& fileName)
{
    // A letter directly before or after means the token is part of a word (CALCC, L-CCD).
    static const QRegularExpression token(
        QStringLiteral("(?<![A-Za-z])([LR])[-_ ]?(CC|MLO)(?![A-Za-z])"),
        QRegularExpression::CaseInsensitiveOption);
    const QString base = QFileInfo(fileName).completeBaseName();
    std::optional<StandardView> found;
    QRegularExpressionMatchIterator it = token.globalMatch(base);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const Laterality laterality =
            match.captured(1).toUpper() == "L" ? Laterality::Left : Laterality::Right;
        const ViewPosition position =
            match.captured(2).toUpper() == "CC" ? ViewPosition::CC : ViewPosition::MLO;
        const StandardView view = *standardView(laterality, position);
        if (found && *found != view)
            return Error{"png.ambiguous_view",
                         QString("the file name names two views (%1 and %2)")
                             .arg(toString(*found), toString(view)),
                         fileName};
        found = view;
    }
    if (!found)
        return Error{"png.no_view",
                     "the file name names no view (expected L-CC, R-CC, L-MLO or R-MLO, also "
                     "written L_CC or LCC)",
                     fileName};
    return *found;
}

Outcome<PngHeader> PngImageReader::readHeader(const QString& path) const
{
    QFile file(path);
    if (!file.exists())
        return Error{"png.not_found", "file does not exist", path};
    if (!file.open(QIODevice::ReadOnly))
        return Error{"png.unreadable", "cannot open the file: " + file.errorString(), path};
    return PngHeader::parse(file.read(PngHeader::kMinimumBytes), path);
}

Outcome<MammogramImage> PngImageReader::read(const QString& path) const
{
    const Outcome<StandardView> view = viewFromFileName(path);
    if (!view) {
        Error error = view.error();
        error.source = path;
        return error;
    }
    return read(path, view.value(), DecisionSource::FileName);
}

Outcome<MammogramImage> PngImageReader::read(const QString& path, StandardView view,
                                             DecisionSource source) const
{
    Outcome<MammogramImage> decoded = decode(path);
    if (!decoded)
        return decoded;
    MammogramImage image = std::move(decoded).value();
    image.laterality = lateralityOf(view);
    image.position = positionOf(view);
    image.viewName = viewCode(image.position);
    image.lateralitySource = source;
    image.viewSource = source;
    if (source != DecisionSource::FileName) {
        const Outcome<StandardView> named = viewFromFileName(path);
        if (named && named.value() != view)
            image.warnings << QString("the file name says %1 but the %2 says %3")
                                  .arg(toString(named.value()), toString(source), toString(view));
    }
    return image;
}

Outcome<MammogramImage> PngImageReader::decode(const QString& path) const
{
    const Outcome<PngFile> file = readFile(path, options_);
    if (!file)
        return file.error();

    MammogramImage image;
    image.sourcePath = path;
    cv::Mat decoded;
    try {
        const QByteArray& data = file.value().bytes;
        const cv::Mat buffer(1, int(data.size()), CV_8UC1, const_cast<char*>(data.constData()));
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return Error{"png.decode_failed", QString("decoder failed: %1").arg(e.what()), path};
    }
    if (decoded.empty())
        return Error{"png.decode_failed", "the PNG decoder rejected the file (corrupt data)", path};

    if (decoded.channels() > 1) {
        std::vector<cv::Mat> planes;
        cv::split(decoded, planes);
        if (planes.size() == 2 || planes.size() == 4)
            image.warnings << "the PNG has an alpha channel; it was ignored";
        const size_t colourPlanes = planes.size() == 2 ? 1 : 3;
        for (size_t i = 1; i < colourPlanes; ++i) {
            if (cv::norm(planes[0], planes[i], cv::NORM_INF) != 0)
                return Error{"png.colour",
                             "colour PNG: a mammogram is greyscale; this looks like a screenshot "
                             "or rendering",
                             path};
        }
        if (file.value().header.isColour())
            image.warnings << "colour PNG with identical channels; read as greyscale";
        decoded = planes[0];
    }

    if (decoded.depth() == CV_8U) {
        image.warnings << "8-bit PNG: only 256 grey levels (GMIC was trained on 12-bit images); "
                          "values kept as they are";
        decoded.convertTo(image.pixels, CV_16U);
    } else if (decoded.depth() == CV_16U) {
        image.pixels = decoded;
    } else {
        return Error{"png.decode_failed", "unexpected sample type from the decoder", path};
    }
    image.photometricInterpretation = QStringLiteral("MONOCHROME2");
    return image;
}

} // namespace mammolens::core
