// HTML to text through libgumbo (message bodies, Takeout's My Activity pages, articles).

#include <cstdint>
#include <string>

#include "fuzz/fuzz.h"
#include "lib/html.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  looks_like_html(html);
  html_to_text(html);
  html_title(html);
  return 0;
}
