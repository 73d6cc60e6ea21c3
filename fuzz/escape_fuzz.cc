// The escaping every text exporter relies on, checked as properties rather than for crashes:
// RFC 5545/6350 text escaping leaves no line break and reads back; folding keeps every line at
// 75 octets, never cuts a UTF-8 sequence and unfolds to the input; a CSV cell reads back exact.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "exporters/common.h"
#include "fuzz/fuzz.h"
#include "lib/csv.h"
#include "lib/text.h"

using namespace dataport;

namespace {

// RFC 5545 section 3.3.11 / RFC 6350 section 3.4, the reverse of escape_text ("\n" reads as LF).
std::string unescape_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    out += c == 'n' || c == 'N' ? '\n' : c;
  }
  return out;
}

void check_fold(std::string_view line) {
  std::string folded = fold_line(line);
  // What a content line can hold of it: every control character but the tab is left out.
  std::string want;
  for (char ch : line) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 || c == '\t') && c != 0x7f) want += ch;
  }
  std::string unfolded;
  size_t from = 0;
  for (size_t at; (at = folded.find("\r\n", from)) != std::string::npos; from = at + 2) {
    std::string_view physical(folded.data() + from, at - from);
    if (physical.size() > 75) fuzz::finding("fold_line wrote a line of " + std::to_string(physical.size()) + " octets");
    if (valid_utf8(line) && !valid_utf8(physical.substr(from ? 1 : 0)))
      fuzz::finding("fold_line cut a UTF-8 sequence");
    for (unsigned char c : physical)
      if ((c < 0x20 && c != '\t') || c == 0x7f) fuzz::finding("fold_line wrote control character " + std::to_string(c));
    unfolded += from ? physical.substr(1) : physical;
    if (at + 2 < folded.size() && folded[at + 2] != ' ') fuzz::finding("a continuation line does not start with a space");
  }
  if (from != folded.size()) fuzz::finding("fold_line output does not end with CRLF");
  if (unfolded != want) fuzz::finding("fold_line does not unfold to its input, less its control characters");
}

// What a spreadsheet reads as a number and so never runs: "-5", "+1.5e3", ".5" (the one kind of
// cell starting with + or - that the guard leaves alone). Written apart from csv_cell's own test.
bool a_number(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  std::string_view mantissa = s.substr(0, s.find_first_of("eE")), exponent;
  if (mantissa.size() < s.size()) {
    exponent = s.substr(mantissa.size() + 1);
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
    if (exponent.empty() || exponent.find_first_not_of("0123456789") != std::string_view::npos) return false;
  }
  size_t dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  if (dot != std::string_view::npos) digits += mantissa.substr(dot + 1);
  return !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string escaped = escape_text(text);
  if (escaped.find_first_of("\r\n") != std::string::npos) fuzz::finding("escape_text left a line break");
  std::string expected = replace_all(text, "\r\n", "\n");
  std::replace(expected.begin(), expected.end(), '\r', '\n');
  if (unescape_text(escaped) != expected) fuzz::finding("escape_text does not read back");
  check_fold("NOTE:" + escaped);
  if (text.find_first_of("\r\n") == std::string::npos) check_fold(text);

  // Two cells after a header row, as an export writes them, read back by the importers' reader.
  // Cells are UTF-8 (every value the store, `sql` and the exporters hand csv_cell is repaired), so
  // the text is cut between characters: a cell ending inside a character made a file that is not
  // UTF-8, which a reader rightly takes for Windows-1252 (the first run's finding, not a defect).
  if (!valid_utf8(text) || !not_text_reason(text).empty()) return 0;
  size_t cut = size ? data[0] % (size + 1) : 0;
  while (cut > 0 && cut < size && (data[cut] & 0xC0) == 0x80) --cut;
  std::string a = text.substr(0, cut), b = text.substr(cut);
  for (bool guard : {false, true}) {
    std::string csv = "h1,h2\r\n" + csv_cell(a, guard) + "," + csv_cell(b, guard) + "\r\n";
    MemoryStream s{csv};
    CsvReader reader(s, "fuzz.csv", ',');
    std::vector<std::string> header, row;
    try {
      if (!reader.next(header) || !reader.next(row)) fuzz::finding("a CSV export row does not read back");
    } catch (const Error&) {
      return 0;  // not text to the reader (control characters): no round trip to check
    }
    if (row.size() != 2) fuzz::finding("a CSV export row reads back as " + std::to_string(row.size()) + " cells");
    auto unguard = [&](const std::string& cell, const std::string& orig) {
      return guard && cell.size() == orig.size() + 1 && cell[0] == '\'' ? cell.substr(1) : cell;
    };
    if (unguard(row[0], a) != a || unguard(row[1], b) != b) fuzz::finding("a CSV cell does not read back exact");
    if (guard)
      for (const std::string& cell : row)
        if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos &&
            !a_number(cell))
          fuzz::finding("a guarded CSV cell starts with a formula prefix: " + cell.substr(0, 20));
  }
  return 0;
}
