#include "core/dicom/dicominspector.h"

#include <QFileInfo>
#include <QTextStream>

namespace mammolens::core {

namespace {

QString positionName(ViewPosition position)
{
    switch (position) {
    case ViewPosition::CC:
        return QStringLiteral("CC");
    case ViewPosition::MLO:
        return QStringLiteral("MLO");
    case ViewPosition::Other:
        return QStringLiteral("other");
    }
    return {};
}

QString functionName(DisplayWindow::Function function)
{
    switch (function) {
    case DisplayWindow::Function::Linear:
        return QStringLiteral("LINEAR");
    case DisplayWindow::Function::LinearExact:
        return QStringLiteral("LINEAR_EXACT");
    case DisplayWindow::Function::Sigmoid:
        return QStringLiteral("SIGMOID");
    }
    return {};
}

QString windowText(const DisplayWindow& w)
{
    QString text =
        w.fromLut ? QStringLiteral("VOI LUT range, center %1 width %2").arg(w.center).arg(w.width)
                  : QStringLiteral("center %1 width %2 %3")
                        .arg(w.center)
                        .arg(w.width)
                        .arg(functionName(w.function));
    if (!w.explanation.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(w.explanation);
    return text;
}

} // namespace

DicomInspection DicomInspector::inspect(const QString& path,
                                        const DicomImageReader::Options& options)
{
    DicomInspection inspection;
    DicomImageReader(options).read(path, &inspection);
    return inspection;
}

QString DicomInspector::toText(const DicomInspection& r)
{
    QString out;
    QTextStream s(&out);
    s << "file: " << QFileInfo(r.path).fileName() << '\n';
    if (r.error)
        s << "result: ERROR " << r.error->code << " - " << r.error->message << '\n';
    else
        s << "result: loaded\n";
    s << "meta header: " << (r.hasMetaHeader ? "yes" : "no")
      << ", deepest sequence nesting: " << r.maxSequenceDepth << '\n';
    if (!r.transferSyntaxUid.isEmpty())
        s << "transfer syntax: " << r.transferSyntaxName << " (" << r.transferSyntaxUid << ")\n";
    if (!r.sopClassUid.isEmpty())
        s << "SOP class: " << r.sopClassName << " (" << r.sopClassUid << ")\n";
    if (!r.modality.isEmpty())
        s << "modality: " << r.modality << ", "
          << (r.forPresentation ? "for presentation" : "for processing") << '\n';
    if (r.rows > 0 || r.columns > 0)
        s << "pixels: " << r.rows << " x " << r.columns << ", " << r.bitsStored << " of "
          << r.bitsAllocated << " bits (high bit " << r.highBit << "), "
          << (r.signedPixels ? "signed" : "unsigned") << ", " << r.photometricInterpretation
          << (r.presentationLutShape.isEmpty()
                  ? QString()
                  : QStringLiteral(", Presentation LUT Shape ") + r.presentationLutShape)
          << (r.frames > 1 ? QStringLiteral(", %1 frames").arg(r.frames) : QString()) << '\n';
    if (!r.pixelMapping.isEmpty()) {
        s << "modality transform: "
          << (r.hasModalityLut ? QStringLiteral("Modality LUT")
                               : QStringLiteral("slope %1 intercept %2")
                                     .arg(r.rescaleSlope)
                                     .arg(r.rescaleIntercept))
          << '\n';
        s << "mapping to 16 bits: " << r.pixelMapping << '\n';
    }
    for (std::size_t i = 0; i < r.fileWindows.size(); ++i)
        s << "window " << i + 1 << " (file values): " << windowText(r.fileWindows[i]) << '\n';
    for (std::size_t i = 0; i < r.presets.size(); ++i)
        s << "preset " << i + 1 << " (output values): " << windowText(r.presets[i]) << '\n';
    if (r.decoded)
        s << "output range: " << r.minimumValue << ".." << r.maximumValue << '\n';
    if (r.rowSpacingMm && r.columnSpacingMm)
        s << "spacing: " << *r.rowSpacingMm << " x " << *r.columnSpacingMm << " mm ("
          << r.spacingSource << ")\n";
    if (!r.patientOrientation.isEmpty())
        s << "patient orientation: " << r.patientOrientation << '\n';
    if (r.viewDecided) {
        s << "laterality: " << toString(r.laterality) << " (from " << toString(r.lateralitySource)
          << "; evidence: " << r.lateralityEvidence.join(QStringLiteral(", ")) << ")\n";
        s << "view: " << r.viewName << " [" << positionName(r.position) << "] (from "
          << toString(r.viewSource) << "; evidence: "
          << (r.viewEvidence.isEmpty() ? QStringLiteral("none")
                                       : r.viewEvidence.join(QStringLiteral(", ")))
          << ")\n";
    }
    for (const QString& warning : r.warnings)
        s << "warning: " << warning << '\n';
    return out;
}

} // namespace mammolens::core
