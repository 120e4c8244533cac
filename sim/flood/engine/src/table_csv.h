#pragma once
// A small CSV reader for the flood engine's data tables (design rainfall, temporal patterns, areal reduction,
// sewer classes, rain series). Lines starting with '#' are comments; comments before the header of the form
// "# key: value" are metadata (source, method, date, ...). The first other line is the header; fields are
// separated by commas, may be quoted ("a, b") and are trimmed. Every error names the file, the line and the
// column (its number and its header name): core::Error(FileFormat), context file.

#include <map>
#include <string>
#include <vector>

namespace citytwin::flood::detail {

class CsvTable {
public:
    struct Row {
        int line = 0;  ///< 1-based line number in the file
        std::vector<std::string> fields;
    };

    /// Reads a file. @throws core::Error(FileNotFound) when it cannot be opened, (FileFormat) when malformed.
    static CsvTable read(const std::string& path);
    /// Parses text; `name` stands for the file in messages. @throws core::Error(FileFormat).
    static CsvTable parse(const std::string& text, const std::string& name);

    const std::string& name() const { return name_; }
    const std::vector<std::string>& header() const { return header_; }
    const std::vector<Row>& rows() const { return rows_; }
    int headerLine() const { return headerLine_; }

    /// Metadata value of "# key: value" before the header ("" when absent); keys are lower case.
    std::string meta(const std::string& key) const;
    /// @throws core::Error(FileFormat) naming the key when absent or empty.
    std::string requireMeta(const std::string& key) const;

    /// Index of a column by header name (case-insensitive), -1 when absent.
    int column(const std::string& name) const;
    /// @throws core::Error(FileFormat) naming the missing column and the header line.
    int requireColumn(const std::string& name) const;

    /// The field text ("" when the row is short).
    const std::string& text(const Row& row, int col) const;
    /// The field as a finite number. @throws core::Error(FileFormat) "line L, column C ('name'): ...".
    double number(const Row& row, int col) const;
    /// As number(), and > 0 (or >= 0 when `allowZero`).
    double positive(const Row& row, int col, bool allowZero = false) const;

    /// "line L, column C ('name')" for messages about a field.
    std::string where(const Row& row, int col) const;
    /// Throws core::Error(FileFormat) with `message` about a field ("line L, column C ('name'): message").
    [[noreturn]] void fail(const Row& row, int col, const std::string& message) const;
    /// Throws core::Error(FileFormat) with `message` about a row ("line L: message").
    [[noreturn]] void failRow(const Row& row, const std::string& message) const;

private:
    std::string name_;
    std::map<std::string, std::string> meta_;
    std::vector<std::string> header_;
    std::vector<Row> rows_;
    int headerLine_ = 0;
};

}  // namespace citytwin::flood::detail
