#pragma once
// Builders for the small weights files the tests generate (STYLE.md: test data is generated in
// code where it can be): safetensors from a header text, legacy torch files from a hand-written
// main pickle, stored zips from named entries.

#include "inference/weights/ziparchive.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace weightstest {

/// A byte string literal that may hold NUL bytes (its length comes from the array).
template <std::size_t N> QByteArray raw(const char (&literal)[N])
{
    return QByteArray(literal, int(N - 1));
}

inline QByteArray littleEndian(std::uint64_t value, int bytes)
{
    QByteArray out;
    for (int i = 0; i < bytes; ++i)
        out.append(char((value >> (8 * i)) & 0xFF));
    return out;
}

/// 8-byte header length + `header` + `data`.
inline QByteArray safetensors(const QByteArray& header, const QByteArray& data)
{
    return littleEndian(std::uint64_t(header.size()), 8) + header + data;
}

/// The three leading pickles of a legacy torch file (magic, protocol 1001, sys_info), then
/// `mainPickle` and `rest` (key list and storage data).
inline QByteArray legacyFile(const QByteArray& mainPickle, const QByteArray& rest = {})
{
    const QByteArray magic = raw("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.");
    const QByteArray protocol = raw("\x80\x02M\xe9\x03.");
    const QByteArray sysInfo = raw("\x80\x02}(X\x0d\x00\x00\x00little_endian\x88u.");
    return magic + protocol + sysInfo + mainPickle + rest;
}

/// The main pickle of a legacy file holding {"t": scalar float tensor of storage "0"}, and the
/// storage key list that follows it: what torch.save(..., _use_new_zipfile_serialization=False)
/// writes for {"t": torch.tensor(x)}.
inline QByteArray legacyScalarStateDict()
{
    return raw("\x80\x02"
               "}("
               "X\x01\x00\x00\x00"
               "t"
               "ctorch._utils\n_rebuild_tensor_v2\n"
               "(("
               "X\x07\x00\x00\x00"
               "storage"
               "ctorch\nFloatStorage\n"
               "X\x01\x00\x00\x00"
               "0"
               "X\x03\x00\x00\x00"
               "cpu"
               "K\x01"
               "N"
               "tQ"
               "K\x00"
               ")"
               ")"
               "\x89"
               "ccollections\nOrderedDict\n"
               ")R"
               "tR"
               "u.");
}

inline QByteArray legacyKeyList()
{
    return raw("\x80\x02"
               "]("
               "X\x01\x00\x00\x00"
               "0"
               "e.");
}

/// A zip of stored entries, laid out as torch.save does (no data descriptors, no zip64).
inline QByteArray storedZip(const QList<QPair<QByteArray, QByteArray>>& entries)
{
    using mammolens::inference::ZipArchive;
    QByteArray out;
    QByteArray directory;
    for (const auto& [name, data] : entries) {
        const auto crc = ZipArchive::crc32(std::string_view(data.constData(), data.size()));
        const std::uint64_t offset = std::uint64_t(out.size());
        out += littleEndian(0x04034b50, 4) + littleEndian(20, 2) + littleEndian(0, 2) +
               littleEndian(0, 2) + littleEndian(0, 4) + littleEndian(crc, 4) +
               littleEndian(std::uint64_t(data.size()), 4) +
               littleEndian(std::uint64_t(data.size()), 4) +
               littleEndian(std::uint64_t(name.size()), 2) + littleEndian(0, 2) + name + data;
        directory += littleEndian(0x02014b50, 4) + littleEndian(20, 2) + littleEndian(20, 2) +
                     littleEndian(0, 2) + littleEndian(0, 2) + littleEndian(0, 4) +
                     littleEndian(crc, 4) + littleEndian(std::uint64_t(data.size()), 4) +
                     littleEndian(std::uint64_t(data.size()), 4) +
                     littleEndian(std::uint64_t(name.size()), 2) + littleEndian(0, 2) +
                     littleEndian(0, 2) + littleEndian(0, 2) + littleEndian(0, 2) +
                     littleEndian(0, 4) + littleEndian(offset, 4) + name;
    }
    const std::uint64_t directoryOffset = std::uint64_t(out.size());
    out += directory;
    out += littleEndian(0x06054b50, 4) + littleEndian(0, 2) + littleEndian(0, 2) +
           littleEndian(std::uint64_t(entries.size()), 2) +
           littleEndian(std::uint64_t(entries.size()), 2) +
           littleEndian(std::uint64_t(directory.size()), 4) + littleEndian(directoryOffset, 4) +
           littleEndian(0, 2);
    return out;
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace weightstest
