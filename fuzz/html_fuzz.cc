// HTML to text through libgumbo (message bodies, Takeout's My Activity pages, articles), and
// the plain reader that skips gumbo for simple fragments, held to the same tree and text.

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
  // The tree it reads (My Activity's cells) must be gumbo's, node for node.
  static HtmlTree plain, full;
  bool taken = plain.read_plain(html);
  full.read_full(html);
  if (taken && !(plain == full)) fuzz::finding("HtmlTree::read_plain differs from gumbo's tree");
  html_title(html);
  return 0;
}
