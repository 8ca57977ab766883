#include "safetensorsfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <cstdint>
#include <cstring>

bool SafetensorsFile::open(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot open " + path;
        return false;
    }
    bytes_ = file.readAll();
    if (bytes_.size() < 8) {
        *error = "too short: " + path;
        return false;
    }
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes_[i]);
    if (8 + headerLength > std::uint64_t(bytes_.size())) {
        *error = "header length beyond the file: " + path;
        return false;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(bytes_.mid(8, qsizetype(headerLength)));
    if (!doc.isObject()) {
        *error = "header is not a JSON object: " + path;
        return false;
    }
    header_ = doc.object();
    dataStart_ = qint64(8 + headerLength);
    return true;
}

cv::Mat SafetensorsFile::matrix(const QString& name, const QString& dtype) const
{
    const QJsonObject entry = header_.value(name).toObject();
    if (entry.value("dtype").toString() != dtype)
        return {};
    const QJsonArray shape = entry.value("shape").toArray();
    const QJsonArray offsets = entry.value("data_offsets").toArray();
    if (shape.isEmpty() || offsets.size() != 2)
        return {};
    const int rows = shape.size() == 1 ? 1 : shape[0].toInt();
    int cols = shape.size() == 1 ? shape[0].toInt() : 1;
    for (int i = 1; i < shape.size(); ++i)
        cols *= shape[i].toInt();
    const int type = dtype == "F32" ? CV_32FC1 : CV_64FC1;
    const qint64 begin = dataStart_ + qint64(offsets[0].toDouble());
    const qint64 end = dataStart_ + qint64(offsets[1].toDouble());
    if (end > bytes_.size() || end - begin != qint64(rows) * cols * CV_ELEM_SIZE(type))
        return {};
    // Copy out: the bytes need not be aligned for the element type.
    cv::Mat out(rows, cols, type);
    std::memcpy(out.data, bytes_.constData() + begin, size_t(end - begin));
    return out;
}
