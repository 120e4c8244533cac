#pragma once
// Small text readers shared by the data tables (CSV with '#' comments) and the Moving AI voxel files.
// Every error names the file and the line (and, for CSV cells, the column).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "citytwin/core/error.h"

namespace citytwin::uam::detail {

/// The whole file. @throws core::Error(FileNotFound) naming the file.
std::string readTextFile(const std::string& path);

/// Error(FileFormat) "<path>: line N: message".
core::Error formatError(const std::string& path, std::size_t line, const std::string& message);
/// Error(FileFormat) "<path>: line N, column C (name): message".
core::Error formatError(const std::string& path, std::size_t line, std::size_t column,
                        const std::string& name, const std::string& message);

std::string_view trim(std::string_view s);
std::vector<std::string_view> splitWhitespace(std::string_view s);
std::vector<std::string_view> splitChar(std::string_view s, char sep);
/// Whole-token parses (no trailing characters); false when the text is not a finite number / an integer.
bool parseDouble(std::string_view s, double& out);
bool parseInt(std::string_view s, long long& out);
/// Quoted for messages, shortened to 40 characters.
std::string quote(std::string_view s);

/// Splits a text into lines numbered from 1 (a trailing '\r' is dropped).
class LineReader {
public:
    explicit LineReader(const std::string& text) : text_(text) {}
    bool next(std::string_view& line);
    std::size_t number() const { return number_; }

private:
    const std::string& text_;
    std::size_t pos_ = 0;
    std::size_t number_ = 0;
};

/// A CSV table: lines starting with '#' and blank lines are skipped; the first other line is the header.
struct CsvTable {
    struct Row {
        std::size_t line = 0;
        std::vector<std::string> cells;
    };
    std::string path;
    std::vector<std::string> header;
    std::vector<Row> rows;

    /// Index of a header column. @throws Error(FileFormat) naming the file and the missing column.
    std::size_t column(const std::string& name) const;
    /// A finite number in a cell. @throws Error(FileFormat) naming file, line, column and the bad text.
    double number(const Row& row, std::size_t column) const;
    /// The text of a cell (trimmed).
    const std::string& text(const Row& row, std::size_t column) const { return row.cells[column]; }
};

/// Reads a CSV table; every row must have as many cells as the header.
/// @throws Error(FileNotFound) / Error(FileFormat) naming the file and line.
CsvTable readCsv(const std::string& path);

}  // namespace citytwin::uam::detail
