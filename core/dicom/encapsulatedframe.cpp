#include "core/dicom/encapsulatedframe.h"

#include <QtEndian>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

namespace mammolens::core {

namespace {

Error malformed(const QString& message, const QString& source)
{
    return Error{QStringLiteral("dicom.malformed"), message, source};
}

struct Fragment
{
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};

/// Reads fragment `index` (1-based after the offset table). DCMTK loads a large value from the
/// file on first access; a value that runs past the end of the file fails here.
Outcome<Fragment> fragment(DcmPixelSequence& sequence, unsigned long index, const QString& source)
{
    DcmPixelItem* item = nullptr;
    if (sequence.getItem(item, index).bad() || !item)
        return malformed(QStringLiteral("Pixel Data fragment %1 is missing.").arg(index), source);
    Fragment result;
    result.size = item->getLength();
    if (result.size == 0)
        return result;
    Uint8* bytes = nullptr;
    const OFCondition read = item->getUint8Array(bytes);
    if (read.bad() || !bytes)
        return Error{QStringLiteral("dicom.truncated"),
                     QStringLiteral("Pixel Data fragment %1 cannot be read: %2.")
                         .arg(index)
                         .arg(QString::fromLatin1(read.text())),
                     source};
    result.data = bytes;
    return result;
}

/// Both JPEG-LS (EOI) and J2K (EOC) codestreams end with FF D9, possibly followed by the one
/// padding byte that keeps a fragment's length even.
bool endsCodestream(const Fragment& f)
{
    const auto at = [&](std::size_t fromEnd) { return f.data[f.size - fromEnd]; };
    return (f.size >= 2 && at(2) == 0xFF && at(1) == 0xD9) ||
           (f.size >= 3 && at(3) == 0xFF && at(2) == 0xD9 && at(1) == 0x00);
}

} // namespace

Outcome<EncapsulatedFrame> EncapsulatedFrame::first(DcmPixelData& pixelData, E_TransferSyntax xfer,
                                                    int frames, const QString& source)
{
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || !sequence)
        return malformed(QStringLiteral("Pixel Data of a compressed transfer syntax is not a "
                                        "sequence of fragments."),
                         source);
    const unsigned long items = sequence->card();
    if (items < 2)
        return malformed(QStringLiteral("Pixel Data holds no fragment after the Basic Offset "
                                        "Table."),
                         source);

    // Item 0 is the Basic Offset Table; fragments are items 1 .. items - 1.
    unsigned long last = items - 1;
    if (frames > 1) {
        const Outcome<Fragment> table = fragment(*sequence, 0, source);
        if (!table)
            return table.error();
        if (table.value().size >= 8) {
            // Offsets count from the first fragment's item tag: 8 header bytes plus the value
            // per fragment. Frame 1 ends where frame 2 starts.
            const quint32 second = qFromLittleEndian<quint32>(table.value().data + 4);
            std::uint64_t offset = 0;
            unsigned long index = 1;
            while (index < items && offset < second) {
                DcmPixelItem* item = nullptr;
                if (sequence->getItem(item, index).bad() || !item)
                    break;
                offset += 8 + std::uint64_t(item->getLength());
                ++index;
            }
            if (offset != second || index < 2)
                return malformed(QStringLiteral("The Basic Offset Table does not match the "
                                                "fragments."),
                                 source);
            last = index - 1;
        } else if (items - 1 == static_cast<unsigned long>(frames)) {
            last = 1;
        } else {
            last = 0;
            for (unsigned long index = 1; index < items && last == 0; ++index) {
                const Outcome<Fragment> f = fragment(*sequence, index, source);
                if (!f)
                    return f.error();
                if (endsCodestream(f.value()))
                    last = index;
            }
            if (last == 0)
                last = items - 1; // no end marker: every fragment; the codec stops at its end
        }
    }

    EncapsulatedFrame frame;
    frame.fragments_ = int(last);
    if (last == 1) {
        const Outcome<Fragment> f = fragment(*sequence, 1, source);
        if (!f)
            return f.error();
        frame.view_ = f.value().data;
        frame.viewSize_ = f.value().size;
    } else {
        std::size_t total = 0;
        for (unsigned long index = 1; index <= last; ++index) {
            DcmPixelItem* item = nullptr;
            if (sequence->getItem(item, index).good() && item)
                total += item->getLength();
        }
        frame.joined_.reserve(total);
        for (unsigned long index = 1; index <= last; ++index) {
            const Outcome<Fragment> f = fragment(*sequence, index, source);
            if (!f)
                return f.error();
            if (f.value().size > 0)
                frame.joined_.insert(frame.joined_.end(), f.value().data,
                                     f.value().data + f.value().size);
        }
    }
    if (frame.size() == 0)
        return malformed(QStringLiteral("The first frame of Pixel Data is empty (zero-length "
                                        "fragment)."),
                         source);
    return frame;
}

} // namespace mammolens::core
