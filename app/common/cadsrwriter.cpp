#include "app/common/cadsrwriter.h"

#include <QCoreApplication>
#include <cstdio>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <exception>

namespace mammolens::app {

namespace {

using core::Error;

// Codes not in DCMTK's generated lists (SNOMED CT, CID 6022 and CID 4014), and our own for the
// benign likelihood, which no DICOM code names (private scheme designators start with "99").
const DSRCodedEntryValue kLeftBreast("80248007", "SCT", "Left breast");
const DSRCodedEntryValue kRightBreast("73056007", "SCT", "Right breast");
const DSRCodedEntryValue kCranioCaudal("399162004", "SCT", "cranio-caudal");
const DSRCodedEntryValue kMedioLateralOblique("399368009", "SCT", "medio-lateral oblique");
const DSRCodedEntryValue kPercent("%", "UCUM", "percent");
const DSRCodedEntryValue kBenignLikelihood("MLBENIGN", "99MAMMOLENS", "Benign finding likelihood");

OFString latin1(const QString& s)
{
    return OFString(s.toLatin1().constData());
}

OFString percent(double fraction)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", fraction * 100.0);
    return text;
}

/// Appends content items below given parents, remembering the first DCMTK failure so that the
/// tree is built in straight-line code and checked once.
class TreeBuilder
{
public:
    explicit TreeBuilder(DSRDocumentTree& tree) : tree_(tree) {}

    size_t add(size_t parent, DSRTypes::E_RelationshipType relationship, DSRTypes::E_ValueType type,
               const DSRCodedEntryValue& concept)
    {
        if (!ok_ || tree_.gotoNode(parent) == 0) {
            ok_ = false;
            return 0;
        }
        const size_t id = tree_.addContentItem(relationship, type, DSRTypes::AM_belowCurrent);
        // IMAGE items of the library and SELECTED FROM targets have no concept name.
        if (id == 0 ||
            (!concept.isEmpty() && tree_.getCurrentContentItem().setConceptName(concept).bad()))
            ok_ = false;
        return id;
    }
    size_t text(size_t parent, DSRTypes::E_RelationshipType rel, const DSRCodedEntryValue& concept,
                const OFString& value)
    {
        const size_t id = add(parent, rel, DSRTypes::VT_Text, concept);
        check(id && tree_.getCurrentContentItem().setStringValue(value).good());
        return id;
    }
    size_t code(size_t parent, DSRTypes::E_RelationshipType rel, const DSRCodedEntryValue& concept,
                const DSRCodedEntryValue& value)
    {
        const size_t id = add(parent, rel, DSRTypes::VT_Code, concept);
        check(id && tree_.getCurrentContentItem().setCodeValue(value).good());
        return id;
    }
    size_t num(size_t parent, DSRTypes::E_RelationshipType rel, const DSRCodedEntryValue& concept,
               const OFString& value, const DSRCodedEntryValue& unit)
    {
        const size_t id = add(parent, rel, DSRTypes::VT_Num, concept);
        check(id && tree_.getCurrentContentItem()
                        .setNumericValue(DSRNumericMeasurementValue(value, unit))
                        .good());
        return id;
    }
    size_t image(size_t parent, DSRTypes::E_RelationshipType rel, const DSRCodedEntryValue& concept,
                 const DicomExportSource::Image& source)
    {
        const size_t id = add(parent, rel, DSRTypes::VT_Image, concept);
        check(id && tree_.getCurrentContentItem()
                        .setImageReference(DSRImageReferenceValue(latin1(source.sopClassUid),
                                                                  latin1(source.sopInstanceUid)))
                        .good());
        return id;
    }
    /// SCOORD in the source image's pixel space (PS3.3 C.18.6.1.1: 0,0 is the top left corner
    /// of the top left pixel), selected from that image.
    size_t scoord(size_t parent, const DSRCodedEntryValue& concept, DSRTypes::E_GraphicType type,
                  const std::vector<std::pair<float, float>>& columnRow,
                  const DicomExportSource::Image& source)
    {
        const size_t id = add(parent, DSRTypes::RT_hasProperties, DSRTypes::VT_SCoord, concept);
        DSRSpatialCoordinatesValue value(type);
        for (const auto& [column, row] : columnRow)
            value.getGraphicDataList().addItem(column, row);
        check(id && tree_.getCurrentContentItem().setSpatialCoordinates(value).good());
        image(id, DSRTypes::RT_selectedFrom, DSRCodedEntryValue(), source);
        return id;
    }

    bool ok() const { return ok_; }

private:
    void check(bool good) { ok_ = ok_ && good; }

    DSRDocumentTree& tree_;
    bool ok_ = true;
};

/// Rendering intent of one patch (TID 4006): a patch that drew more than its even share of
/// GMIC's attention must be shown, the others may be.
DSRCodedEntryValue renderingIntent(float attention, size_t patches)
{
    return attention >= 1.0f / float(std::max<size_t>(1, patches))
               ? DSRCodedEntryValue(
                     CODE_DCM_PresentationRequired_RenderingDeviceIsExpectedToPresent)
               : DSRCodedEntryValue(CODE_DCM_PresentationOptional_RenderingDeviceMayPresent);
}

void algorithmIdentification(TreeBuilder& b, size_t parent, const inference::ModelIdentity& model)
{
    // TID 4019: the version names the exact weights (the short SHA-256) and their provenance.
    b.text(parent, DSRTypes::RT_hasProperties, CODE_DCM_AlgorithmName, model.name.c_str());
    b.text(parent, DSRTypes::RT_hasProperties, CODE_DCM_AlgorithmVersion,
           (model.shortId() + " (" + model.provenance + ")").c_str());
}

} // namespace

QString CadSrWriter::notForDiagnosisStatement(const ExamAnalysis& analysis)
{
    for (const auto& m : analysis.models)
        if (!m.clinical())
            return QStringLiteral("NOT FOR DIAGNOSIS: %1 weights (%2), not a validated clinical "
                                  "model.")
                .arg(QString::fromStdString(m.provenance), QString::fromStdString(m.name));
    return {};
}

core::Outcome<QString> CadSrWriter::write(const ExamAnalysis& analysis,
                                          const DicomExportSource& source, const QString& path,
                                          const Options& options)
{
    auto invalid = [&](const QString& why) {
        return Error{QStringLiteral("export.sr_invalid"), why, path};
    };
    if (analysis.models.empty())
        return invalid(QStringLiteral("No model identity to name as the algorithm."));
    try {
        DSRDocument doc(DSRTypes::DT_MammographyCadSR);
        if (doc.createNewSeriesInStudy(latin1(source.studyInstanceUid())).bad())
            return invalid(QStringLiteral("The source Study Instance UID is not valid."));
        const QString notForDiagnosis = notForDiagnosisStatement(analysis);
        const QString description = notForDiagnosis.isEmpty()
                                        ? QStringLiteral("MammoLens CAD SR")
                                        : QStringLiteral("MammoLens CAD SR - NOT FOR DIAGNOSIS");
        doc.setSeriesDescription(latin1(description));
        doc.setSeriesNumber(OFString(std::to_string(options.seriesNumber).c_str()));
        doc.setInstanceNumber(OFString(std::to_string(options.instanceNumber).c_str()));
        doc.setManufacturer("MammoLens");
        doc.setSoftwareVersions(latin1(QCoreApplication::applicationVersion()));

        DSRDocumentTree& tree = doc.getTree();
        const size_t root = tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
        if (root == 0 ||
            tree.getCurrentContentItem().setConceptName(CODE_DCM_MammographyCADReport).bad() ||
            tree.getCurrentContentItem().setTemplateIdentification("4000", "DCMR").bad())
            return invalid(QStringLiteral("Cannot create the document root."));
        TreeBuilder b(tree);
        using T = DSRTypes;

        if (!notForDiagnosis.isEmpty())
            b.text(root, T::RT_contains, CODE_DCM_Comment, latin1(notForDiagnosis));

        // Image library (TID 4020): every image the findings point into, with its view.
        const size_t library = b.add(root, T::RT_contains, T::VT_Container, CODE_DCM_ImageLibrary);
        for (const ViewAnalysis& v : analysis.views) {
            const DicomExportSource::Image* image = source.image(v.view);
            if (!image)
                continue;
            const size_t entry = b.image(library, T::RT_contains, DSRCodedEntryValue(), *image);
            b.code(entry, T::RT_hasAcqContext, CODE_DCM_ImageLaterality,
                   core::lateralityOf(v.view) == core::Laterality::Left ? kLeftBreast
                                                                        : kRightBreast);
            b.code(entry, T::RT_hasAcqContext, CODE_DCM_ImageView,
                   core::positionOf(v.view) == core::ViewPosition::CC ? kCranioCaudal
                                                                      : kMedioLateralOblique);
            doc.getCurrentRequestedProcedureEvidence().addItem(
                latin1(image->studyInstanceUid), latin1(image->seriesInstanceUid),
                latin1(image->sopClassUid), latin1(image->sopInstanceUid));
        }

        // CAD Processing and Findings Summary (TID 4001), inferred from one Individual
        // Impression/Recommendation per view (TID 4003) holding its single-image findings.
        bool anyFinding = false;
        for (const ViewAnalysis& v : analysis.views)
            anyFinding = anyFinding || (v.prediction && source.image(v.view) &&
                                        !v.prediction->perModel.front().patches.empty());
        const bool allSucceeded = analysis.complete();
        const DSRCodedEntryValue summaryValue =
            allSucceeded ? (anyFinding ? CODE_DCM_AllAlgorithmsSucceeded_withFindings
                                       : CODE_DCM_AllAlgorithmsSucceeded_withoutFindings)
                         : (anyFinding ? CODE_DCM_NotAllAlgorithmsSucceeded_withFindings
                                       : CODE_DCM_NotAllAlgorithmsSucceeded_withoutFindings);
        const size_t summary =
            b.code(root, T::RT_contains, CODE_DCM_CADProcessingAndFindingsSummary, summaryValue);
        const inference::ModelIdentity& firstModel = analysis.models.front();
        for (const ViewAnalysis& v : analysis.views) {
            const DicomExportSource::Image* image = source.image(v.view);
            if (!image || !v.prediction)
                continue;
            const inference::GmicResult& r = v.prediction->perModel.front();
            const size_t impression = b.add(summary, T::RT_inferredFrom, T::VT_Container,
                                            CODE_DCM_IndividualImpressionRecommendation);
            b.code(impression, T::RT_hasConceptMod, CODE_DCM_RenderingIntent,
                   CODE_DCM_PresentationRequired_RenderingDeviceIsExpectedToPresent);
            for (const inference::GmicPatch& p : r.patches) {
                // The stored pixels the patch shows (padding removed), as result.json's
                // stored_box: GMIC-SPEC 11.
                const cv::Rect box = v.geometry.inputRectToStoredClipped(
                    cv::Rect(p.col, p.row, r.cropCols, r.cropRows));
                if (box.empty())
                    continue;
                const size_t finding = b.code(impression, T::RT_contains,
                                              CODE_DCM_SingleImageFinding, CODE_DCM_SelectedRegion);
                b.code(finding, T::RT_hasConceptMod, CODE_DCM_RenderingIntent,
                       renderingIntent(p.attention, r.patches.size()));
                algorithmIdentification(b, finding, firstModel);
                b.num(finding, T::RT_hasProperties, CODE_DCM_CertaintyOfFinding,
                      percent(p.attention), kPercent);
                const float x0 = float(box.x), y0 = float(box.y);
                const float x1 = float(box.x + box.width), y1 = float(box.y + box.height);
                b.scoord(finding, CODE_DCM_Center, T::GT_Point, {{(x0 + x1) / 2, (y0 + y1) / 2}},
                         *image);
                b.scoord(finding, CODE_DCM_Outline, T::GT_Polyline,
                         {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, *image);
            }
            // The image-level scores: y_fusion, the ensemble mean (GMIC-SPEC 1).
            const size_t cancer = b.num(impression, T::RT_contains, CODE_DCM_ProbabilityOfCancer,
                                        percent(v.prediction->yFusion[1]), kPercent);
            b.image(cancer, T::RT_inferredFrom, DSRCodedEntryValue(), *image);
            const size_t benign = b.num(impression, T::RT_contains, kBenignLikelihood,
                                        percent(v.prediction->yFusion[0]), kPercent);
            b.image(benign, T::RT_inferredFrom, DSRCodedEntryValue(), *image);
        }

        // Summary of Detections (TID 4015/4016): which algorithm looked at which images.
        const size_t detections =
            b.code(root, T::RT_contains, CODE_DCM_SummaryOfDetections,
                   allSucceeded ? CODE_DCM_Succeeded : CODE_DCM_PartiallySucceeded);
        const size_t successful =
            b.add(detections, T::RT_inferredFrom, T::VT_Container, CODE_DCM_SuccessfulDetections);
        for (const inference::ModelIdentity& model : analysis.models) {
            const size_t performed = b.code(successful, T::RT_contains, CODE_DCM_DetectionPerformed,
                                            CODE_DCM_SelectedRegion);
            algorithmIdentification(b, performed, model);
            for (const ViewAnalysis& v : analysis.views)
                if (const DicomExportSource::Image* image = source.image(v.view))
                    b.image(performed, T::RT_hasProperties, DSRCodedEntryValue(), *image);
        }
        // No analyses (density, quality...) are run: TID 4000 still wants the summary.
        b.code(root, T::RT_contains, CODE_DCM_SummaryOfAnalyses, CODE_DCM_NotAttempted);
        if (!b.ok())
            return invalid(QStringLiteral("DCMTK refused a content item of the report."));

        DcmFileFormat file;
        if (OFCondition c = doc.write(*file.getDataset()); c.bad())
            return invalid(QString::fromLatin1(c.text()));
        // The source's patient and study attributes, verbatim (and in their character set):
        // the PACS files the SR into the exam it describes.
        source.copyPatientAndStudy(*file.getDataset());
        OFString sopInstanceUid;
        doc.getSOPInstanceUID(sopInstanceUid);
        if (auto saved = DicomExportSource::saveAtomically(file, path); !saved)
            return saved.error();
        return QString::fromLatin1(sopInstanceUid.c_str());
    } catch (const std::exception& e) {
        return invalid(QString::fromLocal8Bit(e.what()));
    }
}

} // namespace mammolens::app
