// The CSV layer: encoding and separator sniffing, RFC 4180 records over a stream, the header
// lookups importers use, and the line reader. Only Error may come out.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "lib/csv.h"
#include "lib/text.h"

using namespace dataport;

namespace {

// Every row, its line and flags, and how the reading ended: what two reads must agree on.
std::string read_all(Stream& s, char sep) {
  std::string out;
  CsvReader csv(s, "fuzz.csv", sep);
  std::vector<std::string> row;
  try {
    while (csv.next(row)) {
      out += std::to_string(csv.line()) + (csv.truncated() ? "t" : "") + ":";
      for (const std::string& f : row) out += std::to_string(f.size()) + "=" + f;
      out += '\n';
    }
    out += csv.unterminated() ? "unterminated" : "end";
  } catch (const Error& e) {
    out += std::string("error ") + e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (char sep : {'\0', ',', '\t'}) {
    MemoryStream whole{text};
    fuzz::ShortReads dribble{text};
    if (read_all(whole, sep) != read_all(dribble, sep)) fuzz::finding("short reads give other rows than one read");
    MemoryStream s{text};
    CsvReader csv(s, "fuzz.csv", sep);
    std::vector<std::string> row;
    CsvHeader header;
    try {
      bool first = true;
      while (csv.next(row)) {
        // A decoded file (UTF-16, Windows-1252) comes out as UTF-8; a UTF-8 one is passed on as
        // it is and repaired by the importers' put().
        if (csv.encoding() != CsvEncoding::utf8)
          for (const std::string& f : row)
            if (!valid_utf8(f)) fuzz::finding("a decoded CSV field is not valid UTF-8");
        if (first) {
          header = CsvHeader(row);
          first = false;
          continue;
        }
        header.get(row, "name");
        header.any(row, {"First Name", "Date"});
        header.all(row, "url");
        blank_row(row);
      }
    } catch (const Error&) {
    }
  }
  sniff_separator(text);
  not_text_reason(text);
  MemoryStream s{text};
  LineReader lines(s);
  std::string line;
  while (lines.next(line)) {
  }
  return 0;
}
