#include <catch2/catch.hpp>

#include "lib/csv.h"

using namespace dataport;

namespace {
std::vector<std::vector<std::string>> rows_of(const std::string& text) {
  MemoryStream m(text);
  CsvReader r(m);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> row;
  while (r.next(row)) out.push_back(row);
  return out;
}
}  // namespace

TEST_CASE("RFC 4180 quoting, newlines and BOM", "[csv]") {
  auto rows = rows_of("\xEF\xBB\xBFName,Note\r\n\"Reyes, Tomás\",\"line one\nline \"\"two\"\"\"\r\nplain,\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"Name", "Note"});
  CHECK(rows[1] == std::vector<std::string>{"Reyes, Tomás", "line one\nline \"two\""});
  CHECK(rows[2] == std::vector<std::string>{"plain", ""});
}

TEST_CASE("line numbers count physical lines", "[csv]") {
  MemoryStream m("a,b\n\"x\ny\",z\nlast,row");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(r.line() == 1);
  REQUIRE(r.next(row));
  CHECK(r.line() == 2);
  REQUIRE(r.next(row));
  CHECK(r.line() == 4);
  CHECK(row == std::vector<std::string>{"last", "row"});
  CHECK_FALSE(r.next(row));
}

TEST_CASE("sloppy quoting is tolerated, unterminated quotes are flagged", "[csv]") {
  auto rows = rows_of("a 5\" screen,b\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "a 5\" screen");
  MemoryStream m("\"never closed,x\n");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(r.unterminated());
}

TEST_CASE("CsvHeader looks columns up by name, duplicates kept", "[csv]") {
  CsvHeader h({" First Name", "Company Names", "company names", "URL"});
  std::vector<std::string> row = {"Zoë", "Contoso", "Fabrikam", ""};
  CHECK(h.get(row, "first name") == "Zoë");
  CHECK(h.find("URL") == 3);
  CHECK(h.find("missing") == -1);
  CHECK(h.all(row, "Company Names") == std::vector<std::string>{"Contoso", "Fabrikam"});
  CHECK(h.any(row, {"URL", "First Name"}) == "Zoë");
  CHECK(h.get({"short"}, "URL").empty());  // rows shorter than the header are fine
  CHECK(blank_row({"", " "}));
  CHECK_FALSE(blank_row({"", "x"}));
}

TEST_CASE("rows longer than one read buffer", "[csv]") {
  std::string big(300000, 'x');
  auto rows = rows_of("\"" + big + "\",tail\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].size() == big.size());
  CHECK(rows[0][1] == "tail");
}
