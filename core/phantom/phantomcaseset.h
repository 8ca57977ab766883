#pragma once
// A teaching case set of a folder of phantom exams (issue 8): every exam of DIR/manifest.json
// with its truth per breast (from the views' labels) and its lesions' boxes (from the manifest's
// bounding boxes, one per lesion, in stored pixels). CaseSetFile::write() turns it into a case set
// file; `mammolens-cli phantom --case-set FILE` does both.

#include "core/reading/caseset.h"
#include "core/util/outcome.h"

#include <QString>

namespace mammolens::core {

class PhantomCaseSet
{
public:
    /// The case set `name` of the exams listed in `outputDir`/manifest.json: exam paths are the
    /// exams' folders (absolute), exam keys their Study Instance UIDs (what the loader calls
    /// them). Errors: phantom.manifest (missing, unreadable or not a phantom manifest; no exam).
    static Outcome<CaseSet> fromManifest(const QString& outputDir, const QString& name);
};

} // namespace mammolens::core
