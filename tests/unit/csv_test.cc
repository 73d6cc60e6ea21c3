#include <catch2/catch.hpp>

#include <set>

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
  CHECK(h.find("COMPANY NAMES", 1) == 2);  // the second column of that name
  CHECK(h.find("company names", 2) == -1);
  CHECK(h.find("company names", -1) == -1);
  CHECK(h.all(row, "Company Names") == std::vector<std::string>{"Contoso", "Fabrikam"});
  CHECK(h.any(row, {"URL", "First Name"}) == "Zoë");
  CHECK(h.get({"short"}, "URL").empty());  // rows shorter than the header are fine
  // A name is looked up once per header, then remembered as given: the same names on many rows,
  // in other cases, and rows of other lengths, answer as the first time.
  for (int i = 0; i < 3; ++i) {
    CHECK(h.get(row, "FIRST NAME") == "Zoë");
    CHECK(h.get({"Ana", "", "Initech"}, "company names") == "Initech");  // the first column with a value
    CHECK(h.all({"Ana", "Acme"}, "COMPANY NAMES") == std::vector<std::string>{"Acme"});  // the second is past the row
    CHECK(h.get(row, "Company") == "");
    CHECK(h.get(row, "first name") == "Zoë");
    CHECK(h.get({"Ana", "", "", "https://x.example"}, "URL") == "https://x.example");
    CHECK(h.get({"Ana", "", "", "https://x.example"}, "LRU") == "");  // as long as a known name, and unknown
  }
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

// A field keeps its first max_kept_string bytes and the rest of the UTF-8 character in progress,
// quoted or not; the rest of it is skipped, line ends in quotes counted, and the row reads on.
TEST_CASE("a field longer than max_kept_string is cut after a whole character", "[csv]") {
  std::string head(max_kept_string - 1, 'y');
  std::string text = "name,url\n" + head + "\xC3\xA9\xE2\x82\xAC" + "zz,u1\n\"" + head + "\xC3\xA9\xE2\x82\xAC\nmore\",u2\nlast,u3\n";
  MemoryStream m(text);
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK_FALSE(r.truncated());
  for (const char* url : {"u1", "u2"}) {
    REQUIRE(r.next(row));
    CHECK(r.truncated());
    REQUIRE(row.size() == 2);
    CHECK(row[0].size() == max_kept_string + 1);
    CHECK(row[0].compare(0, head.size(), head) == 0);
    CHECK(row[0].substr(head.size()) == "\xC3\xA9");
    CHECK(row[1] == url);
  }
  REQUIRE(r.next(row));
  CHECK_FALSE(r.truncated());
  CHECK(r.line() == 5);  // the quoted field's line end counted
  CHECK(row == std::vector<std::string>{"last", "u3"});
  CHECK_FALSE(r.next(row));
  CHECK(row.empty());
}

// The reader reuses the strings of the row it is given: a shorter row after a longer one has
// its own fields only, and a row whose strings the caller moved away reads as well.
TEST_CASE("rows read into one vector hold each row's fields only", "[csv]") {
  MemoryStream m("alpha,beta,gamma\nx\n,\"q\"\nlong value,second\n");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"alpha", "beta", "gamma"});
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"x"});
  std::vector<std::string> taken = std::move(row);
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"", "q"});
  std::string moved = std::move(row[0]);
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"long value", "second"});
  CHECK(taken == std::vector<std::string>{"x"});
}

// A long field's buffer is not kept for the rows after it: what stays allocated is the current
// row's (a file whose every column once held 16 MiB would otherwise keep all of it).
TEST_CASE("a long field's buffer is let go at the next row", "[csv]") {
  std::string big(3u << 20, 'x');
  MemoryStream m("a,b\n" + big + ",1\nshort,2\n");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  REQUIRE(r.next(row));
  CHECK(row[0].size() == big.size());
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"short", "2"});
  CHECK(row[0].capacity() < (size_t{1} << 20));
}

namespace {
// "text" as UTF-16 (BOM first when asked), ASCII and BMP only, which is all these tests need.
std::string utf16(std::u16string_view text, bool little, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    char a = static_cast<char>(u & 0xFF), b = static_cast<char>(u >> 8);
    out += little ? a : b;
    out += little ? b : a;
  };
  if (bom) put(0xFEFF);
  for (char16_t u : text) put(u);
  return out;
}
}  // namespace

TEST_CASE("UTF-16LE with BOM and TAB separators (LinkedIn 2018 Logins.csv)", "[csv]") {
  MemoryStream m(utf16(u"Login Date\tIP Address\tUser Agent\r\n"
                       u"2018/03/01 09:12:55 UTC\t203.0.113.7\tMozilla/5.0 (X11; Linux x86_64), like Gecko\r\n"
                       u"2018/03/02 10:00:00 UTC\t198.51.100.9\t\"Tom\u00e1s, \u20ac\"\r\n",
                       true, true));
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(r.encoding() == CsvEncoding::utf16le);
  CHECK(r.separator() == '\t');
  CHECK(row == std::vector<std::string>{"Login Date", "IP Address", "User Agent"});
  REQUIRE(r.next(row));
  CHECK(row[2] == "Mozilla/5.0 (X11; Linux x86_64), like Gecko");
  REQUIRE(r.next(row));
  CHECK(row[2] == "Tomás, €");
  CHECK(r.line() == 3);
  CHECK_FALSE(r.next(row));
}

TEST_CASE("UTF-16BE with BOM, UTF-16LE without BOM, surrogate pairs", "[csv]") {
  {
    MemoryStream m(utf16(u"a;b\nx;\u00fc\n", false, true));
    CsvReader r(m);
    std::vector<std::string> row;
    REQUIRE(r.next(row));
    CHECK(r.encoding() == CsvEncoding::utf16be);
    CHECK(r.separator() == ';');
    REQUIRE(r.next(row));
    CHECK(row == std::vector<std::string>{"x", "ü"});
  }
  {
    MemoryStream m(utf16(u"Name,Note\nAna,hi \xD83D\xDE05\n", true, false));
    CsvReader r(m);
    std::vector<std::string> row;
    REQUIRE(r.next(row));
    CHECK(r.encoding() == CsvEncoding::utf16le);
    REQUIRE(r.next(row));
    CHECK(row[1] == "hi \xF0\x9F\x98\x85");
  }
}

TEST_CASE("a UTF-16 file larger than one read decodes across the boundaries", "[csv]") {
  std::u16string text = u"k\tv\n";
  for (int i = 0; i < 60000; ++i) text += u"r\u00e9\t\xD83D\xDE05\n";
  MemoryStream m(utf16(text, true, true));
  CsvReader r(m);
  std::vector<std::string> row;
  int n = 0;
  REQUIRE(r.next(row));
  while (r.next(row)) {
    REQUIRE(row == std::vector<std::string>{"ré", "\xF0\x9F\x98\x85"});
    ++n;
  }
  CHECK(n == 60000);
}

TEST_CASE("the separator is sniffed from the first rows", "[csv]") {
  CHECK(sniff_separator("a,b,c\n1,2,3\n") == ',');
  CHECK(sniff_separator("a\tb\tc\n1\t2, x; y\t3\n") == '\t');
  CHECK(sniff_separator("a;b;c\n1;\"2;x\";3\n") == ';');
  CHECK(sniff_separator("Notes:\n\"a sentence, with commas; and more\"\n\nFirst,Last\nA,B\n") == ',');
  CHECK(sniff_separator("Name\nPython\nC++\n") == ',');  // one column: the default
  auto rows = rows_of("Name;Value\nx;1,5\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1] == std::vector<std::string>{"x", "1,5"});
}

TEST_CASE("a file that is not text is refused, never parsed", "[csv]") {
  std::string binary = "PK\x03\x04";
  for (int i = 0; i < 400; ++i) binary += static_cast<char>((i * 37) % 256);
  MemoryStream m(binary);
  CsvReader r(m, "x.zip: Ad_Targeting.csv");
  std::vector<std::string> row;
  CHECK_THROWS_WITH(r.next(row), Catch::Contains("not a readable CSV file"));
  CHECK(not_text_reason("plain, text\nwith Latin-1 caf\xE9\n") == "");
  CHECK(not_text_reason(std::string("a\0b,c\n", 6)) != "");
}

TEST_CASE("a CSV that is not UTF-8 is read as Windows-1252, not mangled", "[csv]") {
  MemoryStream m("Nom;Ville\nFran\xE7ois;K\xF6ln \x80 5\n");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(r.encoding() == CsvEncoding::cp1252);
  CHECK(r.separator() == ';');
  REQUIRE(r.next(row));
  CHECK(row == std::vector<std::string>{"François", "Köln € 5"});
  auto utf8 = rows_of("a,b\nJo\xC3\xA3o,x\n");  // valid UTF-8 stays as it is
  CHECK(utf8[1][0] == "João");
  // UTF-8 with one stray Latin-1 byte stays UTF-8: only the stray byte is replaced (and the
  // pipeline warns), the good text is not turned into mojibake.
  auto mixed = rows_of("a,b\nJo\xC3\xA3o,x\nJ\xFCrgen,y\n");
  CHECK(mixed[1][0] == "João");
  CHECK(mixed[2][0] == "J\xFCrgen");  // passed on: the importers' text helpers replace it, the pipeline warns
}

namespace {
// Hands its bytes out a few at a time, as a decompressor may: 1, 2, 3, 1, 2, 3... bytes a read.
class DribbleStream : public Stream {
 public:
  explicit DribbleStream(std::string d) : d_(std::move(d)) {}
  size_t read(char* buf, size_t n) override {
    size_t k = std::min({n, 1 + i_++ % 3, d_.size() - p_});
    std::copy(d_.data() + p_, d_.data() + p_ + k, buf);
    p_ += k;
    return k;
  }

 private:
  std::string d_;
  size_t p_ = 0, i_ = 0;
};
}  // namespace

TEST_CASE("short reads split UTF-16 characters, surrogates and doubled quotes: same rows", "[csv]") {
  std::string text = utf16(u"Name\tNote\r\n\"Ana \"\"K\"\"\"\t\xD83D\xDE05 caf\u00e9\r\nJon\t\"a\tb\"\r\n", true, true);
  MemoryStream whole(text);
  DribbleStream dribble(text);
  CsvReader a(whole), b(dribble);
  std::vector<std::string> ra, rb, last;
  int n = 0;
  while (a.next(ra)) {
    REQUIRE(b.next(rb));
    CHECK(ra == rb);
    last = rb;
    ++n;
  }
  CHECK_FALSE(b.next(rb));
  CHECK(n == 3);
  CHECK(last == std::vector<std::string>{"Jon", "a\tb"});
}

// The escape fuzz target's finding: cells written by csv_cell read back exact through CsvReader,
// guarded or not, for every cut of a text between characters (quotes, separators, CR, LF, CRLF,
// formula prefixes, multi-byte characters); a guarded cell never starts with a formula prefix
// unless it is a plain number. A cell cut inside a character is not UTF-8 and the file is then
// read as Windows-1252: that is what the target did wrong, and why csv_cell takes UTF-8 only.
TEST_CASE("csv_cell round-trips through CsvReader, guarded or raw", "[csv]") {
  const std::vector<std::string> texts = {
      "=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)\r\n=1+1", "\t\"cmd\"", "\rx,y", "-5", "+1.5e3",
      "-x", "+44 20 7946 0000", "'=already", "Reyes, Tomás ♥ 𝄞", "é", "a\"\"b\nc\r\nd", "", ",", "\"",
      "line\rbreak", "é=x"};
  for (const std::string& text : texts) {
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      if (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;
      std::string a = text.substr(0, cut), b = text.substr(cut);
      for (bool guard : {false, true}) {
        CAPTURE(text, cut, guard);
        auto rows = rows_of("h1,h2\r\n" + csv_cell(a, guard) + "," + csv_cell(b, guard) + "\r\n");
        REQUIRE(rows.size() == 2);
        REQUIRE(rows[1].size() == 2);
        for (int i : {0, 1}) {
          const std::string& orig = i ? b : a;
          std::string cell = rows[1][i];
          bool formula = !orig.empty() && std::string_view("=+-@\t\r").find(orig[0]) != std::string_view::npos;
          // the cuts that are plain numbers, which a spreadsheet reads as numbers and never runs
          bool number = std::set<std::string>{"-5", "+1", "+1.", "+1.5", "+1.5e3", "+4", "+44"}.count(orig) > 0;
          if (guard && formula && !number) {
            CHECK(cell == "'" + orig);
          } else {
            CHECK(cell == orig);
          }
        }
      }
    }
  }
  // Cut inside é, the only non-ASCII character: neither half is UTF-8, the file is not either.
  std::string a = "ab\xC3", b = "\xA9";
  MemoryStream m("h1,h2\r\n" + csv_cell(a) + "," + csv_cell(b) + "\r\n");
  CsvReader r(m);
  std::vector<std::string> row;
  REQUIRE(r.next(row));
  CHECK(r.encoding() == CsvEncoding::cp1252);
}
