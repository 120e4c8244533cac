#pragma once
// A small CSV reader for the data tables and point files: '#' comment lines, a header row, fields separated
// by commas, optional double quotes ("" inside quotes is a quote). Every value keeps its line and column so
// that errors name them.

#include <string>
#include <vector>

namespace citytwin::subsidence::detail {

struct CsvRow {
    int line = 0;                     // 1-based line number in the file
    std::vector<std::string> fields;  // trimmed
};

class CsvTable {
public:
    /// Reads a file. @throws core::Error(FileNotFound) when it cannot be opened, FileFormat when it has no
    /// header or a row has more fields than the header or an unterminated quote.
    static CsvTable read(const std::string& path);
    /// Parses text; `name` is used in messages.
    static CsvTable parse(const std::string& text, const std::string& name);

    const std::string& name() const { return name_; }
    const std::vector<CsvRow>& rows() const { return rows_; }
    int headerLine() const { return headerLine_; }

    /// Index of a column, -1 when absent.
    int find(const std::string& column) const;
    /// Index of a column. @throws FileFormat "<file>: line <header>: missing column '<column>'".
    int require(const std::string& column) const;

    /// The text of a field ("" when the row is short).
    const std::string& text(const CsvRow& row, int column) const;
    /// A finite number. @throws FileFormat naming file, line, column (1-based) and column name.
    double number(const CsvRow& row, int column) const;
    /// A finite number, or +infinity when the field is empty.
    double numberOrInfinity(const CsvRow& row, int column) const;
    /// An integer.
    int integer(const CsvRow& row, int column) const;
    /// A non-empty text.
    const std::string& nonEmpty(const CsvRow& row, int column) const;

    /// Throws FileFormat "<file>: line L, column C (<name>): <message>".
    [[noreturn]] void fail(const CsvRow& row, int column, const std::string& message) const;
    /// Throws FileFormat "<file>: line L: <message>".
    [[noreturn]] void failRow(const CsvRow& row, const std::string& message) const;
    /// Throws FileFormat "<file>: <message>".
    [[noreturn]] void failFile(const std::string& message) const;

private:
    std::string name_;
    std::vector<std::string> header_;
    int headerLine_ = 0;
    std::vector<CsvRow> rows_;
};

}  // namespace citytwin::subsidence::detail
