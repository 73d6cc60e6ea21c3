// The CSV layer: encoding and separator sniffing, RFC 4180 records over a stream, the header
// lookups importers use, and the line reader. Only Error may come out.

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz.h"
#include "lib/csv.h"
#include "lib/text.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (char sep : {'\0', ',', '\t'}) {
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
