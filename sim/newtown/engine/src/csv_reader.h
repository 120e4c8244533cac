#pragma once
// Private: a small reader for the engine's data tables (CSV with '#' metadata lines).
//
// Format: lines starting with '#' before the header are metadata/comments; "# key: value" lines are kept as
// metadata (each table must name its `source` and `date`). Then one header line, then records. Fields are
// separated by commas; a field may be double-quoted (then it may hold commas; "" is a quote). Blank lines and
// '#' lines between records are skipped. Every error names the file, line and column.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace citytwin::newtown::detail {

struct CsvRow {
    std::size_t line = 0;              ///< 1-based line number in the file
    std::vector<std::string> fields;   ///< trimmed
    std::vector<std::size_t> columns;  ///< 1-based character column where each field starts
};

class CsvTable {
public:
    /// Reads and splits the file. @throws core::Error FileNotFound, FileFormat (unterminated quote, a record
    /// with another number of fields than the header, missing `# source:` / `# date:` metadata).
    static CsvTable read(const std::string& path, bool requireProvenance = true);

    const std::string& path() const { return path_; }
    const std::vector<std::string>& header() const { return header_; }
    const std::vector<CsvRow>& rows() const { return rows_; }
    /// Metadata value ("" when absent), keys lower-case.
    std::string meta(const std::string& key) const;

    /// Index of a header column, or -1.
    int column(const std::string& name) const;
    /// Index of a header column. @throws core::Error(FileFormat) naming the header line and the column.
    int require(const std::string& name) const;

    /// Field as text (trimmed); "" when the row is shorter.
    const std::string& text(const CsvRow& row, int col) const;
    /// Field as a finite number. @throws core::Error(FileFormat) "line L, column C (name): ...".
    double number(const CsvRow& row, int col) const;
    /// Field as a number, or `fallback` when empty.
    double numberOr(const CsvRow& row, int col, double fallback) const;
    /// Field as yes/no (yes, no, true, false, 1, 0).
    bool flag(const CsvRow& row, int col) const;
    /// Throws core::Error(FileFormat) naming the file, the row's line and the column of field `col`.
    [[noreturn]] void fail(const CsvRow& row, int col, const std::string& message) const;
    /// Throws core::Error(FileFormat) naming the file and the row's line.
    [[noreturn]] void failRow(const CsvRow& row, const std::string& message) const;

private:
    std::string path_;
    std::size_t headerLine_ = 0;
    std::vector<std::string> header_;
    std::vector<CsvRow> rows_;
    std::map<std::string, std::string> meta_;
};

/// "hh:mm" or "hh:mm:ss" to minutes after midnight; false when malformed.
bool parseClock(const std::string& text, double& minutes);

}  // namespace citytwin::newtown::detail
