#include "citytwin/traffic/csv_table.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace citytwin::traffic {

namespace {

std::string trim(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    return s.substr(a, b - a);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

const std::string kEmpty;

}  // namespace

bool parseCsvNumber(const std::string& text, double& value) {
    const std::string t = trim(text);
    if (t.empty()) return false;
    const char* first = t.data() + (t.front() == '+' ? 1 : 0);
    const char* last = t.data() + t.size();
    const auto r = std::from_chars(first, last, value);
    return r.ec == std::errc() && r.ptr == last && std::isfinite(value);
}

int CsvTable::column(std::initializer_list<const char*> names) const {
    for (const char* n : names)
        for (std::size_t c = 0; c < header.size(); ++c)
            if (lower(header[c]) == n) return static_cast<int>(c);
    return -1;
}

int CsvTable::require(std::initializer_list<const char*> names) const {
    const int c = column(names);
    if (c >= 0) return c;
    std::string list;
    for (const char* n : names)
        list += (list.empty() ? "'" : ", '") + std::string(n) + "'";
    throw core::Error(core::ErrorCode::FileFormat, "no column " + list + " in the header", {path, {}, {}});
}

const std::string& CsvTable::cell(const CsvRow& row, int column) const {
    return column >= 0 && static_cast<std::size_t>(column) < row.cells.size()
               ? row.cells[static_cast<std::size_t>(column)]
               : kEmpty;
}

double CsvTable::number(const CsvRow& row, int column) const {
    double v = 0.0;
    if (!parseCsvNumber(cell(row, column), v))
        throw error(row, column, "'" + cell(row, column) + "' is not a number");
    return v;
}

core::Error CsvTable::error(const CsvRow& row, int column, const std::string& message) const {
    std::string where = "line " + std::to_string(row.line);
    if (column >= 0 && static_cast<std::size_t>(column) < header.size())
        where += ", column '" + header[static_cast<std::size_t>(column)] + "'";
    return core::Error(core::ErrorCode::FileFormat, where + ": " + message, {path, {}, {}});
}

CsvTable readCsvTable(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    CsvTable t;
    t.path = path;
    std::size_t pos = 0, line = 0;
    bool haveHeader = false;
    while (pos < text.size()) {
        ++line;
        const std::size_t startLine = line;
        {  // a comment line: skipped as it is (quotes in it mean nothing)
            std::size_t k = pos;
            while (k < text.size() && (text[k] == ' ' || text[k] == '\t'))
                ++k;
            if (k < text.size() && text[k] == '#') {
                const std::size_t end = text.find('\n', k);
                pos = end == std::string::npos ? text.size() : end + 1;
                continue;
            }
        }
        std::vector<std::string> cells;
        std::string cellText;
        bool quoted = false, any = false;
        // One record (a quoted cell may span lines).
        for (;;) {
            if (pos >= text.size()) {
                if (quoted)
                    throw core::Error(core::ErrorCode::FileFormat,
                                      "line " + std::to_string(startLine) + ": a quote is not closed",
                                      {path, {}, {}});
                break;
            }
            const char c = text[pos++];
            if (quoted) {
                if (c == '"') {
                    if (pos < text.size() && text[pos] == '"') {
                        cellText += '"';
                        ++pos;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') ++line;
                    cellText += c;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cells.push_back(trim(cellText));
                cellText.clear();
                any = true;
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                cellText += c;
                if (!std::isspace(static_cast<unsigned char>(c))) any = true;
            }
        }
        cells.push_back(trim(cellText));
        if (!any) continue;                                                       // blank line
        if (!cells.empty() && !cells[0].empty() && cells[0][0] == '#') continue;  // comment
        if (!haveHeader) {
            t.header = std::move(cells);
            haveHeader = true;
            continue;
        }
        if (cells.size() > t.header.size())
            throw core::Error(core::ErrorCode::FileFormat,
                              "line " + std::to_string(startLine) + ": " + std::to_string(cells.size()) +
                                  " cells, the header has " + std::to_string(t.header.size()) + " columns",
                              {path, {}, {}});
        t.rows.push_back({startLine, std::move(cells)});
    }
    if (!haveHeader)
        throw core::Error(core::ErrorCode::FileFormat, "the file has no header line", {path, {}, {}});
    return t;
}

}  // namespace citytwin::traffic
