#pragma once
// The labels of a folder of phantom exams: manifest.json ({"generator", "exams": [exam.json of
// each exam]}) and manifest.csv (one row per image: exam_id,view,benign,malignant,density,file,
// paths relative to the folder). Rebuilt from every complete exam in the folder, so a resumed or
// extended run lists everything that is there; written atomically.

#include <QString>

namespace mammolens::core {

class PhantomManifest
{
public:
    /// Returns the number of exams listed, or -1 with `error` set.
    static int write(const QString& outputDir, QString* error);
};

} // namespace mammolens::core
