// The report's string table (data/report/strings.csv and its reader) and number formatting.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/report/briefing.h"
#include "citytwin/report/format.h"
#include "citytwin/report/strings.h"
#include "test_util.h"

namespace ct = citytwin;
using ct::report::Language;
using ct::report::StringTable;

class StringTableTest : public ct::test::TempDirTest {};

TEST(StringTable, TheShippedTableHasBothLanguages) {
    const StringTable t = StringTable::load(ct::test::projectData("report/strings.csv"));
    EXPECT_GT(t.size(), 100u);
    EXPECT_EQ(t.get("report.briefing", Language::English), "Briefing");
    EXPECT_EQ(t.get("report.briefing", Language::Korean), "브리핑 자료");
    EXPECT_EQ(t.get("output:flood.max_depth", Language::Korean), "침수 최대 수심");
    EXPECT_EQ(t.get("output:subsidence.max_settlement", Language::Korean), "최대 침하량");
    EXPECT_EQ(t.get("output:newtown.residential_far", Language::Korean), "주거 용적률");
    // Quoted fields keep their commas.
    EXPECT_EQ(t.get("output:newtown.newly_failing_blamed", Language::English), "Newly failing, blamed");
    // Unknown keys fall back to what the caller has (the declared English label).
    EXPECT_EQ(t.get("output:acme.widgets", Language::Korean, "Widgets"), "Widgets");
}

TEST_F(StringTableTest, KoreanFallsBackToEnglishWhenEmpty) {
    const StringTable t =
        StringTable::load(write("s.csv", "# comment\nkey,en,ko\na,Alpha,\nb,\"B, quoted\",베타\n"));
    EXPECT_EQ(t.get("a", Language::Korean), "Alpha");
    EXPECT_EQ(t.get("b", Language::Korean), "베타");
    EXPECT_EQ(t.get("b", Language::English), "B, quoted");
}

TEST_F(StringTableTest, BadFilesAreRefusedNamingFileLineAndColumn) {
    using ct::core::ErrorCode;
    const std::string missing = path("nope.csv");
    ct::test::expectError([&] { StringTable::load(missing); }, ErrorCode::FileNotFound, {missing});
    std::string f = write("header.csv", "# x\nkey,english,korean\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {f, "line 2, column 1", "key,en,ko"});
    f = write("fields.csv", "key,en,ko\na,A\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {f, "line 2", "expected 3 fields"});
    f = write("quote.csv", "key,en,ko\na,\"A,가\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {"line 2, column 2", "not closed"});
    f = write("dup.csv", "key,en,ko\na,A,가\n\na,B,나\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {"line 4, column 1", "'a' repeats line 2"});
    f = write("noen.csv", "key,en,ko\na,,가\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {"line 2, column 2", "no English"});
    f = write("nokey.csv", "key,en,ko\n,A,가\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat,
                          {"line 2, column 1", "empty key"});
    f = write("empty.csv", "# only comments\n");
    ct::test::expectError([&] { StringTable::load(f); }, ErrorCode::FileFormat, {f, "no header"});
}

TEST(StringTable, Placeholders) {
    EXPECT_EQ(ct::report::fill("Page {n} of {n}", {{"n", "3"}}), "Page 3 of 3");
    EXPECT_EQ(ct::report::fill("{time} 시점", {{"time", "90 min"}}), "90 min 시점");
}

TEST(Format, NumbersForPeople) {
    using ct::report::formatNumber;
    EXPECT_EQ(formatNumber(12675.4), "12,675");
    EXPECT_EQ(formatNumber(-1234567.0), "-1,234,567");
    EXPECT_EQ(formatNumber(391.74), "391.7");
    EXPECT_EQ(formatNumber(0.6690071821), "0.669");
    EXPECT_EQ(formatNumber(5.44106), "5.44");
    EXPECT_EQ(formatNumber(39), "39");
    EXPECT_EQ(formatNumber(2248), "2,248");
    EXPECT_EQ(formatNumber(0), "0");
    EXPECT_EQ(formatNumber(8.493730795e-15), "8.5 × 10⁻¹⁵");
    EXPECT_EQ(formatNumber(std::nan("")), "—");
    EXPECT_EQ(ct::report::displayUnit("m2"), "m²");
    EXPECT_EQ(ct::report::displayUnit("m3/day"), "m³/day");
    EXPECT_EQ(ct::report::displayUnit("1"), "");
    EXPECT_EQ(ct::report::displayUnit("veh h"), "veh h");
    EXPECT_EQ(ct::report::displayUnit("mm"), "mm");
    EXPECT_EQ(ct::report::formatBytes(277123), "277 kB");
    EXPECT_EQ(ct::report::formatBytes(1.5e6), "1.5 MB");
}

TEST(Options, NamesOfLanguagesAndPages) {
    EXPECT_EQ(ct::report::languageFromName("KO"), Language::Korean);
    EXPECT_EQ(ct::report::languageFromName("en"), Language::English);
    EXPECT_FALSE(ct::report::languageFromName("fr"));
    EXPECT_EQ(ct::report::pageSizeFromName("a3"), ct::report::PageSize::A3);
    EXPECT_FALSE(ct::report::pageSizeFromName("letter"));
}
