#pragma once
// A hanging protocol: which view goes where. Protocols are data (resources/hanging/*.json, built
// in as :/hanging/), matched on laterality and view position, so a site can change its hangings
// without a code change (STYLE.md, after Starviewer).

#include "core/exam/view.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace mammolens::ui {

/// Immutable value; thread-safe.
///
/// JSON form:
/// ```
/// { "name": "4-up", "title": "Four views", "order": 1, "rows": 2, "columns": 2,
///   "cells": [ { "row": 0, "column": 0, "laterality": "R", "view": "CC" }, ... ] }
/// ```
/// `laterality` is "R", "L" or "focused"; `view` is "CC", "MLO" or "focused" ("focused" takes
/// the reader's current view, so one protocol serves 1-up and one-breast layouts for any view).
class HangingProtocol
{
public:
    struct Cell
    {
        int row = 0;
        int column = 0;
        std::optional<core::Laterality> laterality; ///< nullopt = the focused view's
        std::optional<core::ViewPosition> position; ///< nullopt = the focused view's
    };

    QString name;  ///< stable key, e.g. "4-up"
    QString title; ///< English; shown through displayTitle()
    int order = 0; ///< position in menus
    int rows = 1;
    int columns = 1;
    std::vector<Cell> cells;

    /// The title in the reader's language (protocol titles are translated in the
    /// "HangingProtocol" context).
    QString displayTitle() const;

    /// The standard view `cell` shows while the reader's focused view is `focused`.
    static core::StandardView resolve(const Cell& cell, core::StandardView focused);

    /// Errors: hanging.bad_json, hanging.bad_cell.
    static core::Outcome<HangingProtocol> fromJson(const QByteArray& json,
                                                   const QString& source = {});

    /// Every *.json in `directory`, sorted by order then name; files that fail are skipped and
    /// listed in `errors`.
    static std::vector<HangingProtocol>
    loadAll(const QString& directory = QStringLiteral(":/hanging"), QStringList* errors = nullptr);

    /// R-CC | L-CC above R-MLO | L-MLO: what the reader gets if no protocol file could be read,
    /// so a packaging mistake never leaves the screen blank.
    static HangingProtocol standardFourUp();
};

} // namespace mammolens::ui
