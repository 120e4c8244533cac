#include "csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "citytwin/core/error.h"

namespace citytwin::subsidence::detail {

namespace {

std::string trim(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
        ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        --b;
    return s.substr(a, b - a);
}

// Splits one line into fields; false on an unterminated quote.
bool splitLine(const std::string& line, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            wasQuoted = true;
        } else if (c == ',') {
            out.push_back(wasQuoted ? field : trim(field));
            field.clear();
            wasQuoted = false;
        } else {
            field += c;
        }
    }
    if (quoted) return false;
    out.push_back(wasQuoted ? field : trim(field));
    return true;
}

const std::string kEmpty;

}  // namespace

CsvTable CsvTable::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

CsvTable CsvTable::parse(const std::string& text, const std::string& name) {
    CsvTable t;
    t.name_ = name;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    std::vector<std::string> fields;
    while (std::getline(in, line)) {
        ++number;
        const std::string trimmed = trim(line);
        if (trimmed.empty() || trimmed[0] == '#') continue;
        if (!splitLine(line, fields)) {
            CsvRow r;
            r.line = number;
            t.failRow(r, "unterminated quote");
        }
        if (t.header_.empty()) {
            t.header_ = fields;
            t.headerLine_ = number;
            continue;
        }
        if (fields.size() > t.header_.size()) {
            CsvRow r;
            r.line = number;
            t.failRow(r, std::to_string(fields.size()) + " fields but the header has " +
                             std::to_string(t.header_.size()));
        }
        t.rows_.push_back(CsvRow{number, fields});
    }
    if (t.header_.empty()) t.failFile("no header row");
    return t;
}

int CsvTable::find(const std::string& column) const {
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == column) return static_cast<int>(i);
    return -1;
}

int CsvTable::require(const std::string& column) const {
    const int c = find(column);
    if (c < 0) {
        CsvRow r;
        r.line = headerLine_;
        failRow(r, "missing column '" + column + "'");
    }
    return c;
}

const std::string& CsvTable::text(const CsvRow& row, int column) const {
    if (column < 0 || static_cast<std::size_t>(column) >= row.fields.size()) return kEmpty;
    return row.fields[static_cast<std::size_t>(column)];
}

double CsvTable::number(const CsvRow& row, int column) const {
    const std::string& s = text(row, column);
    if (s.empty()) fail(row, column, "empty, a number is required");
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        fail(row, column, "'" + s + "' is not a number");
    return v;
}

double CsvTable::numberOrInfinity(const CsvRow& row, int column) const {
    if (text(row, column).empty()) return HUGE_VAL;
    return number(row, column);
}

int CsvTable::integer(const CsvRow& row, int column) const {
    const std::string& s = text(row, column);
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || end == s.c_str() || *end != '\0' || errno == ERANGE || v < -1000000 || v > 1000000)
        fail(row, column, "'" + s + "' is not an integer");
    return static_cast<int>(v);
}

const std::string& CsvTable::nonEmpty(const CsvRow& row, int column) const {
    const std::string& s = text(row, column);
    if (s.empty()) fail(row, column, "empty");
    return s;
}

void CsvTable::fail(const CsvRow& row, int column, const std::string& message) const {
    const std::string col = column >= 0 && static_cast<std::size_t>(column) < header_.size()
                                ? header_[static_cast<std::size_t>(column)]
                                : std::string("?");
    throw core::fileError(core::ErrorCode::FileFormat, name_,
                          "line " + std::to_string(row.line) + ", column " + std::to_string(column + 1) +
                              " (" + col + "): " + message);
}

void CsvTable::failRow(const CsvRow& row, const std::string& message) const {
    throw core::fileError(core::ErrorCode::FileFormat, name_,
                          "line " + std::to_string(row.line) + ": " + message);
}

void CsvTable::failFile(const std::string& message) const {
    throw core::fileError(core::ErrorCode::FileFormat, name_, message);
}

}  // namespace citytwin::subsidence::detail
