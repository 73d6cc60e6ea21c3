// HTML to text through libgumbo (message bodies, Takeout's My Activity pages, articles), and
// the plain reader that skips the tree for simple fragments, held to the same text.

#include <cstdint>
#include <string>

#include "fuzz/fuzz.h"
#include "lib/html.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  looks_like_html(html);
  std::string text = html_to_text(html);
  // The plain reader must give what the full parser gives, whenever it takes the fragment.
  if (plain_html_to_text(html) && text != html_to_text_full(html))
    fuzz::finding("html_to_text without a tree differs from gumbo's");
  html_title(html);
  return 0;
}
