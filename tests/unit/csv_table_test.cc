// The one CSV table reader (ingest/csv_table.h) on awkward inputs: encodings, separators,
// preambles, older and localised headers, ragged rows, header-only and empty files.
#include <catch2/catch.hpp>

#include "ingest/csv_table.h"
#include "lib/error.h"
#include "lib/log.h"
#include "tests/unit/collect_sink.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;

namespace {

std::string utf16le(std::string_view ascii_or_utf8, bool bom) {
  // The test texts are ASCII plus "é" (U+00E9) and "ü" (U+00FC).
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (size_t i = 0; i < ascii_or_utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(ascii_or_utf8[i]);
    unsigned cp = c;
    if (c == 0xC3) cp = 0xC0 + (static_cast<unsigned char>(ascii_or_utf8[++i]) & 0x3F);
    out += static_cast<char>(cp & 0xFF);
    out += static_cast<char>(cp >> 8);
  }
  return out;
}

std::string utf16be(std::string_view ascii, bool bom) {
  std::string le = utf16le(ascii, false), out = bom ? std::string("\xFE\xFF", 2) : std::string();
  for (size_t i = 0; i + 1 < le.size(); i += 2) {
    out += le[i + 1];
    out += le[i];
  }
  return out;
}

// Reads one file through the table reader; each row becomes "name|when" (or is skipped when it
// has no name).
struct TableRun {
  test::TempDir dir;
  CollectSink out;
  Log log{Verbosity::quiet, false};
  std::vector<std::string> rows;
  std::vector<int64_t> lines;
  Verdict verdict;
  CsvHeader header;

  TableRun(const std::string& bytes, const CsvTable& table, const char* file = "data.csv") {
    dir.write(file, bytes);
    Archive in({dir.path()});
    const Entry& e = in.entries().at(0);
    verdict = read_csv_table(in, out, log, e, table, [&](const CsvHeader& h, const std::vector<std::string>& row, CsvRows& t) {
      header = h;
      lines.push_back(t.line);
      std::string name = h.get(row, "Name");
      if (name.empty()) return t.skip("no name");
      rows.push_back(name + "|" + h.get(row, "When"));
      Record r = make_record("note", "test", t.unique(name), e.path, t.pointer());
      t.add(std::move(r));
    });
  }
};

const CsvTable people = {.required = {"Name", "When"},
                         .aliases = {{"When", "Date|Datum|Created At"}, {"Name", "Full Name|Nom"}},
                         .what = "people"};

}  // namespace

TEST_CASE("csv table: UTF-8, BOM, comma, CRLF", "[csv_table]") {
  TableRun r("\xEF\xBB\xBFName,When\r\nAna,2024-01-02\r\nBo,2024-01-03\r\n", people);
  CHECK(r.rows == std::vector<std::string>{"Ana|2024-01-02", "Bo|2024-01-03"});
  CHECK(r.lines == std::vector<int64_t>{2, 3});
  CHECK(r.verdict.fate == Fate::parsed);
  CHECK(r.verdict.note == "2 people");
}

TEST_CASE("csv table: UTF-16 with tabs, with and without a BOM, both byte orders", "[csv_table]") {
  std::string text = "Name\tWhen\r\nJos\xC3\xA9\t2018-05-01\r\nM\xC3\xBCller, Ann\t2018-05-02\r\n";
  for (const std::string& bytes : {utf16le(text, true), utf16le(text, false), utf16be(text, true), utf16be(text, false)}) {
    TableRun r(bytes, people);
    CHECK(r.rows == std::vector<std::string>{"Jos\xC3\xA9|2018-05-01", "M\xC3\xBCller, Ann|2018-05-02"});
    CHECK(r.verdict.fate == Fate::parsed);
  }
}

TEST_CASE("csv table: cp1252 as spreadsheet programs save it", "[csv_table]") {
  TableRun r("Name;When\r\nRen\xE9;2020-01-01\r\nZo\xEB \x93Z\x94;2020-01-02\r\n", people);
  CHECK(r.rows == std::vector<std::string>{"Ren\xC3\xA9|2020-01-01", "Zo\xC3\xAB \xE2\x80\x9CZ\xE2\x80\x9D|2020-01-02"});
}

TEST_CASE("csv table: a 2018-style header, a preamble, other case and spacing", "[csv_table]") {
  // Older names through the aliases; the required names in another case and spacing.
  TableRun old("Notes:\n\"Exported on 2018-01-01, some rows may be missing\"\n\nFull Name,Created At\nAna,2018-01-01\n", people);
  CHECK(old.rows == std::vector<std::string>{"Ana|2018-01-01"});
  CHECK(old.lines == std::vector<int64_t>{5});
  TableRun spaced("NAME , when_\nBo,x\n", people);  // "when_" folds to "when"
  CHECK(spaced.rows == std::vector<std::string>{"Bo|x"});
  // A file carrying today's column and an older one keeps both: only the canonical is read.
  TableRun both("Name,Date,When\nAna,old,new\n", people);
  CHECK(both.rows == std::vector<std::string>{"Ana|new"});
  CHECK(both.header.names()[1] == "Date");
  // A localised header through the translate function.
  CsvTable localised = people;
  localised.translate = [](std::string_view n) { return std::string(n == "Quand" ? "When" : n); };
  TableRun fr("Nom,Quand\nAna,hier\n", localised);
  CHECK(fr.rows == std::vector<std::string>{"Ana|hier"});
}

TEST_CASE("csv table: ragged rows, a bad row, a repeated header", "[csv_table]") {
  TableRun r("Name,When\nAna\nBo,2,extra,cells\n,2024\nName,When\nCy,3\n", people);
  // A short row is padded, a long one keeps its cells, a row without a name warns with its
  // line and the run goes on; the header pasted again is not data.
  CHECK(r.rows == std::vector<std::string>{"Ana|", "Bo|2", "Cy|3"});
  CHECK(r.log.warnings() == 1);
  REQUIRE(!r.log.kept().empty());
  CHECK(r.log.kept()[0].find("data.csv line 4") != std::string::npos);
  CHECK(r.verdict.fate == Fate::partial);
  CHECK(r.verdict.note == "3 people, 1 rows skipped");
  // join_extra: unquoted commas in the last column's free text.
  CsvTable joined = people;
  joined.required = {"When", "Name"};
  joined.join_extra = true;
  TableRun j("When,Name\n2024,Smith, Jr., Ann\n", joined);
  CHECK(j.rows == std::vector<std::string>{"Smith, Jr., Ann|2024"});
}

TEST_CASE("csv table: header-only, 0 bytes, a one-line message, no header, not text", "[csv_table]") {
  TableRun header_only("Name,When\r\n", people);
  CHECK(header_only.verdict.fate == Fate::parsed);
  CHECK(header_only.verdict.note == "0 people");
  TableRun empty("", people);
  CHECK(empty.verdict.fate == Fate::parsed);
  CHECK(empty.verdict.note == "0 people (empty file)");
  TableRun says("No people found\n\n", people);
  CHECK(says.verdict.note == "0 people (file says \"No people found\")");
  TableRun nohead("a,b\nc,d\n", people);
  CHECK(nohead.verdict.fate == Fate::failed);
  CHECK(nohead.log.is_partial());
  CsvTable maybe = people;
  maybe.otherwise = "not a people list";
  TableRun other("a,b\nc,d\n", maybe);
  CHECK(other.verdict.fate == Fate::ignored);
  CHECK_FALSE(other.log.is_partial());
  // Rows but none readable: failed, never "parsed".
  TableRun none("Name,When\n,1\n,2\n", people);
  CHECK(none.verdict.fate == Fate::failed);
  // Not text: the reader throws and the rule's boundary fails the file.
  CHECK_THROWS_AS(TableRun(std::string("Name,When\n") + std::string(300, '\x01'), people), Error);
  // A quoted field that never ends: what was read is kept (the last row too, suspect), the
  // file is partial and says so.
  TableRun cut("Name,When\nAna,1\n\"Bo,2\n", people);
  CHECK(cut.rows == std::vector<std::string>{"Ana|1", "Bo,2|"});
  CHECK(cut.verdict.fate == Fate::partial);
  CHECK(cut.verdict.note == "2 people, last row cut");
  CHECK(cut.log.is_partial());
}

TEST_CASE("csv table: optional header and sections", "[csv_table]") {
  CsvTable accounts = {.required = {"Name"}, .what = "accounts", .columns = {"Name", "When"}};
  TableRun with("Name,When\nAna,1\n", accounts);
  CHECK(with.rows == std::vector<std::string>{"Ana|1"});
  TableRun without("Ana,1\nBo,2\n", accounts);
  CHECK(without.rows == std::vector<std::string>{"Ana|1", "Bo|2"});
  CHECK(without.lines == std::vector<int64_t>{1, 2});
  CsvTable blocks = {.required = {"Title"}, .sections = true};
  test::TempDir dir;
  dir.write("p.csv", "Title,Id\nMy list,PL1\n\nName,When\nAna,1\n");
  Archive in({dir.path()});
  CollectSink out;
  Log log{Verbosity::quiet, false};
  std::vector<std::string> seen;
  Verdict v = read_csv_table(in, out, log, in.entries().at(0), blocks,
                             [&](const CsvHeader& h, const std::vector<std::string>& row, CsvRows& t) {
                               seen.push_back(h.has("Title") ? "list " + h.get(row, "Title") : "video " + h.get(row, "Name"));
                               t.add(make_record("note", "test", seen.back(), "p.csv", t.pointer()));
                             });
  CHECK(seen == std::vector<std::string>{"list My list", "video Ana"});
  CHECK(v.note == "2 rows");
}
