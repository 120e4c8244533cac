#include "table_csv.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/core/text.h"

namespace citytwin::flood::detail {

namespace {

// Splits one line into trimmed fields (quotes keep commas and blanks; "" inside quotes is a quote). False on
// an unterminated quote.
bool splitLine(const std::string& line, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            out.push_back(wasQuoted ? field : core::trim(field));
            field.clear();
            wasQuoted = false;
        } else {
            field += c;
        }
    }
    if (quoted) return false;
    out.push_back(wasQuoted ? field : core::trim(field));
    return true;
}

core::Error formatError(const std::string& file, const std::string& message) {
    return core::Error(core::ErrorCode::FileFormat, message, core::Error::Context{file, {}, {}});
}

}  // namespace

CsvTable CsvTable::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

CsvTable CsvTable::parse(const std::string& input, const std::string& name) {
    CsvTable t;
    t.name_ = name;
    std::string text = input;
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // UTF-8 BOM (Excel)
    std::istringstream in(text);
    std::string line;
    int number = 0;
    std::vector<std::string> fields;
    while (std::getline(in, line)) {
        ++number;
        const std::string trimmed = core::trim(line);
        if (trimmed.empty()) continue;
        if (trimmed[0] == '#') {
            if (t.headerLine_ == 0) {
                const std::string body = core::trim(trimmed.substr(1));
                const auto colon = body.find(':');
                if (colon != std::string::npos && colon > 0 && body.find(' ') > colon) {
                    const std::string key = core::lower(core::trim(body.substr(0, colon)));
                    const std::string value = core::trim(body.substr(colon + 1));
                    // A key may continue on following "# key:" lines (long citations): joined with a space.
                    std::string& slot = t.meta_[key];
                    slot = slot.empty() ? value : slot + " " + value;
                }
            }
            continue;
        }
        if (!splitLine(line, fields))
            throw formatError(name, "line " + std::to_string(number) + ": a quoted field is not closed");
        if (t.headerLine_ == 0) {
            t.headerLine_ = number;
            for (std::string& f : fields)
                f = core::lower(f);
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (fields[i].empty())
                    throw formatError(name, "line " + std::to_string(number) + ", column " +
                                                std::to_string(i + 1) +
                                                ": the header has an empty column name");
                for (std::size_t j = 0; j < i; ++j)
                    if (fields[j] == fields[i])
                        throw formatError(name, "line " + std::to_string(number) + ", column " +
                                                    std::to_string(i + 1) + ": column '" + fields[i] +
                                                    "' appears twice in the header");
            }
            t.header_ = fields;
            continue;
        }
        if (fields.size() > t.header_.size())
            throw formatError(name, "line " + std::to_string(number) + ": " + std::to_string(fields.size()) +
                                        " fields, but the header (line " + std::to_string(t.headerLine_) +
                                        ") has " + std::to_string(t.header_.size()) + " columns");
        t.rows_.push_back(Row{number, fields});
    }
    if (t.headerLine_ == 0) throw formatError(name, "no header line (the file is empty or only comments)");
    if (t.rows_.empty())
        throw formatError(name, "no data rows after the header (line " + std::to_string(t.headerLine_) + ")");
    return t;
}

std::string CsvTable::meta(const std::string& key) const {
    const auto it = meta_.find(core::lower(key));
    return it == meta_.end() ? std::string() : it->second;
}

std::string CsvTable::requireMeta(const std::string& key) const {
    const std::string v = meta(key);
    if (v.empty())
        throw formatError(name_, "the header comments lack '# " + key +
                                     ": ...' (every table states its source, method and date)");
    return v;
}

int CsvTable::column(const std::string& name) const {
    const std::string n = core::lower(name);
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == n) return static_cast<int>(i);
    return -1;
}

int CsvTable::requireColumn(const std::string& name) const {
    const int c = column(name);
    if (c < 0) {
        std::string have;
        for (const std::string& h : header_)
            have += (have.empty() ? "" : ", ") + h;
        throw formatError(name_, "line " + std::to_string(headerLine_) + ": the header has no column '" +
                                     name + "' (it has: " + have + ")");
    }
    return c;
}

const std::string& CsvTable::text(const Row& row, int col) const {
    static const std::string kEmpty;
    return col >= 0 && static_cast<std::size_t>(col) < row.fields.size()
               ? row.fields[static_cast<std::size_t>(col)]
               : kEmpty;
}

std::string CsvTable::where(const Row& row, int col) const {
    return "line " + std::to_string(row.line) + ", column " + std::to_string(col + 1) + " ('" +
           (col >= 0 && static_cast<std::size_t>(col) < header_.size()
                ? header_[static_cast<std::size_t>(col)]
                : std::string("?")) +
           "')";
}

void CsvTable::fail(const Row& row, int col, const std::string& message) const {
    throw formatError(name_, where(row, col) + ": " + message);
}

void CsvTable::failRow(const Row& row, const std::string& message) const {
    throw formatError(name_, "line " + std::to_string(row.line) + ": " + message);
}

double CsvTable::number(const Row& row, int col) const {
    const std::string& s = text(row, col);
    if (s.empty()) fail(row, col, "the value is missing");
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(v)) fail(row, col, "'" + s + "' is not a number");
    return v;
}

double CsvTable::positive(const Row& row, int col, bool allowZero) const {
    const double v = number(row, col);
    if (allowZero ? v < 0.0 : v <= 0.0)
        fail(row, col, core::number(v) + (allowZero ? " is negative" : " must be greater than 0"));
    return v;
}

}  // namespace citytwin::flood::detail
