#pragma once
/// @file csv_table.h
/// A small CSV reader for the traffic inputs and data tables (matrices in long format, GMNS files, counts,
/// turn restrictions, the tables of data/traffic/): comma-separated, a header line, double quotes around
/// cells that hold commas, lines starting with '#' are comments (the data tables' source and date), blank
/// lines are skipped, a UTF-8 byte-order mark and CRLF line ends are accepted.

#include <initializer_list>
#include <string>
#include <vector>

#include "citytwin/core/error.h"

namespace citytwin::traffic {

struct CsvRow {
    std::size_t line = 0;  ///< 1-based line in the file
    std::vector<std::string> cells;
};

struct CsvTable {
    std::string path;
    std::vector<std::string> header;  ///< as written, trimmed
    std::vector<CsvRow> rows;

    /// Index of the first column whose name (case-insensitive) is one of `names`, else -1.
    int column(std::initializer_list<const char*> names) const;
    /// As column(), throwing core::Error(FileFormat) naming the file and the names looked for when absent.
    int require(std::initializer_list<const char*> names) const;
    /// Cell `column` of a row ("" when the row is short).
    const std::string& cell(const CsvRow& row, int column) const;
    /// The cell as a number. @throws core::Error(FileFormat) "file: line N, column 'name': 'x' is not a
    /// number".
    double number(const CsvRow& row, int column) const;
    /// An error naming the file, the line and (when column >= 0) the column.
    core::Error error(const CsvRow& row, int column, const std::string& message) const;
};

/// Reads a CSV file. @throws core::Error(FileNotFound) when it cannot be opened, core::Error(FileFormat) for
/// a missing header, an unclosed quote, or a row with more cells than the header (naming the line).
CsvTable readCsvTable(const std::string& path);

/// Parses a whole cell as a finite number (locale-independent, surrounding blanks allowed).
bool parseCsvNumber(const std::string& text, double& value);

}  // namespace citytwin::traffic
