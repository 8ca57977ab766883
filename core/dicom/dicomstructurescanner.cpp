#include "core/dicom/dicomstructurescanner.h"

#include <QFile>
#include <QFileInfo>
#include <array>
#include <cstring>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <vector>

namespace mammolens::core {

namespace {

constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr std::uint16_t kItemGroup = 0xFFFE;
constexpr std::uint16_t kItem = 0xE000;
constexpr std::uint16_t kItemDelimitation = 0xE00D;
constexpr std::uint16_t kSequenceDelimitation = 0xE0DD;

/// How the bytes of one nesting level are encoded. A UN element of undefined length switches its
/// contents to implicit VR little endian (PS3.5 6.2.2), whatever the file's transfer syntax.
struct Encoding
{
    bool explicitVr = true;
    bool bigEndian = false;
};

struct Frame
{
    enum class Kind
    {
        Sequence,
        Item,
        Fragments
    };
    Kind kind = Kind::Sequence;
    bool definedLength = false;
    std::int64_t end = 0; ///< dataset offset where a defined-length frame ends
    Encoding encoding;
};

/// Byte access over a DCMTK input stream (which brings the file access and the inflater for the
/// deflated transfer syntax), counting the offset itself.
class ByteReader
{
public:
    explicit ByteReader(DcmInputStream& stream) : stream_(stream) {}

    /// Reads up to n bytes; returns how many arrived (fewer only at the end of the stream).
    std::int64_t read(void* buffer, std::int64_t n)
    {
        auto* out = static_cast<unsigned char*>(buffer);
        std::int64_t done = 0;
        while (done < n && stream_.good()) {
            const offile_off_t got = stream_.read(out + done, n - done);
            if (got <= 0)
                break;
            done += got;
        }
        pos_ += done;
        return done;
    }

    bool skip(std::int64_t n)
    {
        std::int64_t done = 0;
        while (done < n && stream_.good()) {
            const offile_off_t got = stream_.skip(n - done);
            if (got <= 0)
                break;
            done += got;
        }
        pos_ += done;
        return done == n;
    }

    /// Looks at the next n (<= 8) bytes without consuming them.
    std::int64_t peek(unsigned char* buffer, std::int64_t n)
    {
        stream_.mark();
        const std::int64_t got = read(buffer, n);
        stream_.putback();
        pos_ -= got;
        return got;
    }

    std::int64_t pos() const { return pos_; }
    void resetPos() { pos_ = 0; }
    DcmInputStream& stream() { return stream_; }

private:
    DcmInputStream& stream_;
    std::int64_t pos_ = 0;
};

std::uint16_t u16(const unsigned char* p, bool bigEndian)
{
    return bigEndian ? std::uint16_t((p[0] << 8) | p[1]) : std::uint16_t(p[0] | (p[1] << 8));
}

std::uint32_t u32(const unsigned char* p, bool bigEndian)
{
    if (bigEndian)
        return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
               (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
           (std::uint32_t(p[3]) << 24);
}

enum class VrClass
{
    Unknown,
    Short,
    Long,
    Sequence,
    Unknown4
};

/// PS3.5 7.1.2: these VRs have two reserved bytes and a 4-byte length in explicit VR.
VrClass classifyVr(const unsigned char* vr)
{
    static constexpr std::array<const char*, 22> kShort = {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO",
        "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US", ""};
    static constexpr std::array<const char*, 12> kLong = {"OB", "OD", "OF", "OL", "OV", "OW",
                                                          "SV", "UC", "UR", "UT", "UV", ""};
    const char s[3] = {char(vr[0]), char(vr[1]), 0};
    if (std::strcmp(s, "SQ") == 0)
        return VrClass::Sequence;
    if (std::strcmp(s, "UN") == 0)
        return VrClass::Unknown4;
    for (const char* v : kShort)
        if (*v && std::strcmp(s, v) == 0)
            return VrClass::Short;
    for (const char* v : kLong)
        if (*v && std::strcmp(s, v) == 0)
            return VrClass::Long;
    return VrClass::Unknown;
}

Error makeError(const char* code, const QString& message, const QString& path)
{
    return Error{QString::fromLatin1(code), message, path};
}

/// The walk itself. In meta mode it stops (without consuming) at the first top-level tag outside
/// group 0002.
class Walker
{
public:
    Walker(ByteReader& reader, const DicomStructureScanner::Limits& limits, const QString& path,
           std::int64_t byteLimit)
        : reader_(reader), limits_(limits), path_(path), byteLimit_(byteLimit)
    {}

    std::optional<Error> run(Encoding base, bool metaMode, QString* transferSyntax);
    int maxDepth() const { return maxDepth_; }

private:
    std::optional<Error> truncated(const char* what) const
    {
        return makeError("dicom.truncated",
                         QStringLiteral("The file ends inside %1 (at byte %2 of the dataset).")
                             .arg(QString::fromLatin1(what))
                             .arg(reader_.pos()),
                         path_);
    }
    std::optional<Error> malformed(const QString& what) const
    {
        return makeError("dicom.malformed",
                         QStringLiteral("Unreadable DICOM structure at byte %1 of the dataset: %2.")
                             .arg(reader_.pos())
                             .arg(what),
                         path_);
    }
    std::optional<Error> pushSequence(std::uint32_t length, Encoding encoding);

    ByteReader& reader_;
    const DicomStructureScanner::Limits& limits_;
    QString path_;
    std::int64_t byteLimit_;
    std::vector<Frame> stack_;
    int depth_ = 0;
    int maxDepth_ = 0;
};

std::optional<Error> Walker::pushSequence(std::uint32_t length, Encoding encoding)
{
    Frame frame;
    frame.kind = Frame::Kind::Sequence;
    frame.definedLength = length != kUndefinedLength;
    frame.end = frame.definedLength ? reader_.pos() + std::int64_t(length) : 0;
    frame.encoding = encoding;
    stack_.push_back(frame);
    ++depth_;
    maxDepth_ = std::max(maxDepth_, depth_);
    if (depth_ > limits_.maxSequenceDepth)
        return makeError("dicom.nesting_too_deep",
                         QStringLiteral("Sequences nest deeper than %1 levels; refused before "
                                        "parsing (DCMTK 3.6.7 overflows its stack on such files, "
                                        "CVE-2026-44031).")
                             .arg(limits_.maxSequenceDepth),
                         path_);
    return std::nullopt;
}

std::optional<Error> Walker::run(Encoding base, bool metaMode, QString* transferSyntax)
{
    unsigned char buf[8];
    for (;;) {
        // Defined-length items and sequences end by position, not by a delimiter.
        while (!stack_.empty() && stack_.back().definedLength &&
               reader_.pos() >= stack_.back().end) {
            if (stack_.back().kind == Frame::Kind::Sequence)
                --depth_;
            stack_.pop_back();
        }
        if (reader_.pos() > byteLimit_)
            return makeError(
                "dicom.too_large",
                QStringLiteral("The deflated dataset inflates past %1 bytes.").arg(byteLimit_),
                path_);

        const Encoding enc = stack_.empty() ? base : stack_.back().encoding;
        if (metaMode && stack_.empty()) {
            if (reader_.peek(buf, 4) == 4 && u16(buf, false) != 0x0002)
                return std::nullopt;
        }
        const std::int64_t got = reader_.read(buf, 4);
        if (got == 0 && stack_.empty())
            return std::nullopt; // clean end of the dataset
        if (got < 4)
            return truncated(stack_.empty() ? "an element tag" : "a sequence");
        const std::uint16_t group = u16(buf, enc.bigEndian);
        const std::uint16_t element = u16(buf + 2, enc.bigEndian);

        if (group == kItemGroup) {
            if (reader_.read(buf, 4) < 4)
                return truncated("an item header");
            const std::uint32_t length = u32(buf, enc.bigEndian);
            const Frame::Kind top = stack_.empty() ? Frame::Kind::Item : stack_.back().kind;
            if (element == kItem) {
                if (top == Frame::Kind::Fragments) {
                    if (length == kUndefinedLength)
                        return malformed(QStringLiteral("pixel data fragment of undefined length"));
                    if (!reader_.skip(length))
                        return truncated("the pixel data");
                    continue;
                }
                if (top != Frame::Kind::Sequence || stack_.empty())
                    return malformed(QStringLiteral("item outside a sequence"));
                Frame item;
                item.kind = Frame::Kind::Item;
                item.definedLength = length != kUndefinedLength;
                item.end = item.definedLength ? reader_.pos() + std::int64_t(length) : 0;
                item.encoding = enc;
                stack_.push_back(item);
                continue;
            }
            if (element == kItemDelimitation) {
                if (stack_.empty() || top != Frame::Kind::Item)
                    return malformed(QStringLiteral("item delimiter outside an item"));
                stack_.pop_back();
                continue;
            }
            if (element == kSequenceDelimitation) {
                // An undefined-length item left open by its writer is closed by its sequence's
                // delimiter, as DCMTK tolerates.
                if (!stack_.empty() && top == Frame::Kind::Item && !stack_.back().definedLength)
                    stack_.pop_back();
                if (stack_.empty() || stack_.back().kind == Frame::Kind::Item)
                    return malformed(QStringLiteral("sequence delimiter outside a sequence"));
                if (stack_.back().kind == Frame::Kind::Sequence)
                    --depth_;
                stack_.pop_back();
                continue;
            }
            return malformed(
                QStringLiteral("unknown item tag (FFFE,%1)").arg(element, 4, 16, QLatin1Char('0')));
        }
        if (!stack_.empty() && stack_.back().kind == Frame::Kind::Fragments)
            return malformed(QStringLiteral("element inside encapsulated pixel data"));
        if (!stack_.empty() && stack_.back().kind == Frame::Kind::Sequence)
            return malformed(QStringLiteral("element directly inside a sequence"));

        std::uint32_t length = 0;
        VrClass vr = VrClass::Unknown;
        unsigned char vrBytes[2] = {0, 0};
        if (enc.explicitVr) {
            if (reader_.read(vrBytes, 2) < 2)
                return truncated("an element header");
            vr = classifyVr(vrBytes);
            if (vr == VrClass::Unknown)
                return malformed(QStringLiteral("invalid VR in an explicit VR dataset"));
            if (vr == VrClass::Short) {
                if (reader_.read(buf, 2) < 2)
                    return truncated("an element header");
                length = u16(buf, enc.bigEndian);
            } else {
                if (reader_.read(buf, 6) < 6)
                    return truncated("an element header");
                length = u32(buf + 2, enc.bigEndian);
            }
        } else {
            if (reader_.read(buf, 4) < 4)
                return truncated("an element header");
            length = u32(buf, enc.bigEndian);
        }

        const bool pixelData = group == 0x7FE0 && element == 0x0010;
        if (length == kUndefinedLength) {
            if (pixelData) {
                Frame fragments;
                fragments.kind = Frame::Kind::Fragments;
                fragments.encoding = enc;
                stack_.push_back(fragments);
                continue;
            }
            // DCMTK reads SQ, and also OB, OW and UN of undefined length, as sequences (UN contents
            // in implicit VR little endian, CP-246); anything else of undefined length is counted
            // as one too: over-estimating the depth is safe.
            Encoding inner = enc;
            if (enc.explicitVr && vr == VrClass::Unknown4)
                inner = Encoding{false, false};
            if (auto error = pushSequence(length, inner))
                return error;
            continue;
        }

        bool sequence = enc.explicitVr && vr == VrClass::Sequence;
        if (!enc.explicitVr && !pixelData) {
            // Implicit VR gives no VR: the dictionary says which elements are sequences, and a
            // value starting with an item tag is taken as one too (a private sequence DCMTK might
            // know through its private dictionary): over-counting is safe, under-counting is not.
            DcmTag tag(group, element);
            sequence = tag.getEVR() == EVR_SQ;
            if (!sequence && length >= 8) {
                unsigned char head[4];
                if (reader_.peek(head, 4) == 4 && u16(head, enc.bigEndian) == kItemGroup &&
                    u16(head + 2, enc.bigEndian) == kItem)
                    sequence = true;
            }
        }
        if (sequence) {
            if (auto error = pushSequence(length, enc))
                return error;
            continue;
        }
        if (metaMode && group == 0x0002 && element == 0x0010 && length < 256) {
            QByteArray uid(int(length), Qt::Uninitialized);
            if (reader_.read(uid.data(), length) < std::int64_t(length))
                return truncated("the file meta information");
            while (!uid.isEmpty() && (uid.endsWith('\0') || uid.endsWith(' ')))
                uid.chop(1);
            *transferSyntax = QString::fromLatin1(uid);
            continue;
        }
        if (!reader_.skip(length))
            return truncated(pixelData ? "the pixel data" : "an element value");
    }
}

/// A bare dataset (no preamble) must at least start like one: a plausible first group and, for
/// explicit VR, a VR after the tag.
std::optional<Encoding> sniffBareDataset(const unsigned char* head, std::int64_t n)
{
    if (n < 8)
        return std::nullopt;
    for (bool bigEndian : {false, true}) {
        const std::uint16_t group = u16(head, bigEndian);
        if (group != 0x0002 && group != 0x0008)
            continue;
        const bool explicitVr = classifyVr(head + 4) != VrClass::Unknown;
        return Encoding{explicitVr, bigEndian};
    }
    return std::nullopt;
}

} // namespace

Outcome<DicomStructureScanner::Summary> DicomStructureScanner::scan(const QString& path,
                                                                    const Limits& limits)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return makeError("dicom.not_found", QStringLiteral("No such file."), path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("dicom.unreadable", QStringLiteral("The file cannot be opened."), path);
    const QByteArray head = file.read(132);
    file.close();

    Summary summary;
    summary.hasMetaHeader = head.size() == 132 && head.mid(128, 4) == "DICM";
    Encoding datasetEncoding;
    if (!summary.hasMetaHeader) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(head.constData());
        const std::optional<Encoding> sniffed = sniffBareDataset(bytes, head.size());
        if (!sniffed)
            return makeError("dicom.not_dicom",
                             QStringLiteral("Not a DICOM file (no \"DICM\" marker and no dataset "
                                            "at the start)."),
                             path);
        datasetEncoding = *sniffed;
        summary.transferSyntaxUid = QString::fromLatin1(
            datasetEncoding.explicitVr
                ? (datasetEncoding.bigEndian ? UID_BigEndianExplicitTransferSyntax
                                             : UID_LittleEndianExplicitTransferSyntax)
                : UID_LittleEndianImplicitTransferSyntax);
    }

    DcmInputFileStream stream(OFFilename(QFile::encodeName(path).constData()),
                              summary.hasMetaHeader ? 132 : 0);
    if (!stream.good())
        return makeError("dicom.unreadable", QStringLiteral("The file cannot be opened."), path);
    ByteReader reader(stream);

    bool deflated = false;
    if (summary.hasMetaHeader) {
        // The meta header is always explicit VR little endian; it names the dataset's syntax.
        Walker meta(reader, limits, path, limits.maxInflatedBytes);
        if (auto error = meta.run(Encoding{true, false}, true, &summary.transferSyntaxUid))
            return *error;
        DcmXfer xfer(summary.transferSyntaxUid.toLatin1().constData());
        if (summary.transferSyntaxUid.isEmpty() || xfer.getXfer() == EXS_Unknown) {
            // Unknown or missing: every syntax defined since 1998 is explicit VR little endian;
            // DicomImageReader names the problem once DCMTK has loaded the header.
            datasetEncoding = Encoding{true, false};
        } else {
            datasetEncoding =
                Encoding{xfer.isExplicitVR() == OFTrue, xfer.getByteOrder() == EBO_BigEndian};
            deflated = xfer.getStreamCompression() == ESC_zlib;
        }
    }

    if (deflated && stream.installCompressionFilter(ESC_zlib).bad())
        return makeError("dicom.malformed",
                         QStringLiteral("The deflated dataset cannot be inflated."), path);
    reader.resetPos();
    Walker dataset(reader, limits, path, limits.maxInflatedBytes);
    if (auto error = dataset.run(datasetEncoding, false, nullptr)) {
        if (deflated && error->code == QLatin1String("dicom.truncated"))
            error->message += QStringLiteral(" The deflated stream is corrupt or cut short.");
        return *error;
    }
    summary.maxSequenceDepth = dataset.maxDepth();
    summary.datasetBytes = reader.pos();
    if (summary.datasetBytes == 0)
        return makeError("dicom.truncated",
                         deflated ? QStringLiteral("The deflated dataset is empty or cut short.")
                                  : QStringLiteral("The file ends right after its meta header."),
                         path);
    return summary;
}

} // namespace mammolens::core
