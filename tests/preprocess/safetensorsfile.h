#pragma once
// Test-only reader of the parity fixtures (../shared/parity/*.safetensors): an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets}}, then raw little-endian data.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <opencv2/core/mat.hpp>

class SafetensorsFile
{
public:
    /// Reads the whole file; false with `error` set when it is missing or malformed.
    bool open(const QString& path, QString* error);

    /// The tensor as a 2-D matrix over the file's bytes (shape[0] rows, the rest flattened into
    /// columns; a 1-D tensor is one row). Empty if absent or not of `dtype` ("F32" or "F64").
    cv::Mat matrix(const QString& name, const QString& dtype) const;

private:
    QByteArray bytes_;
    QJsonObject header_;
    qint64 dataStart_ = 0;
};
