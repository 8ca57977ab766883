#pragma once
// Everything stored about one reading session (issue 8): what the CSV export and the teaching
// statistics are made from. Value type.

#include "core/reading/assessment.h"
#include "core/reading/reader.h"
#include "core/reading/readingsession.h"
#include "core/reading/reveal.h"

#include <vector>

namespace mammolens::core {

struct SessionResults
{
    ReadingSession session;
    Reader reader;
    std::vector<Assessment> assessments; ///< by exam key, then Initial before PostAi
    std::vector<Reveal> reveals;         ///< by exam key

    /// The reveal of that exam, or null.
    const Reveal* reveal(const QString& examKey) const
    {
        for (const Reveal& r : reveals)
            if (r.examKey == examKey)
                return &r;
        return nullptr;
    }
};

} // namespace mammolens::core
