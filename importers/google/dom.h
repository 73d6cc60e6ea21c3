#pragma once
// A small walker over libgumbo's tree, for the whole HTML pages Takeout writes (YouTube comments,
// Chrome bookmarks): find elements by tag, read text and attributes. My Activity's cells are read
// into an HtmlTree (lib/html.h) instead.

#include <gumbo.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dataport::google {

/// A parsed HTML document or fragment; frees the tree when it goes.
class HtmlDoc {
 public:
  explicit HtmlDoc(std::string_view html);
  ~HtmlDoc();
  HtmlDoc(const HtmlDoc&) = delete;
  HtmlDoc& operator=(const HtmlDoc&) = delete;
  const GumboNode* root() const { return out_->root; }

 private:
  std::string html_;  // gumbo points into it
  GumboOutput* out_;
};

/// The element's tag, or GUMBO_TAG_UNKNOWN for text and documents.
GumboTag tag_of(const GumboNode* n);
/// An attribute's value, or "" when absent.
std::string attr(const GumboNode* n, const char* name);
/// The element's children (empty for text nodes).
std::vector<const GumboNode*> children(const GumboNode* n);
/// Every element below n (n included) for which `want` is true, in document order.
std::vector<const GumboNode*> find_all(const GumboNode* n, const std::function<bool(const GumboNode*)>& want);
/// The concatenated text of n and its descendants, entities decoded, nothing tidied.
std::string node_text(const GumboNode* n);
/// U+00A0, U+2003, U+202F and runs of white space folded to one space; ends trimmed.
std::string clean_space(std::string_view s);

}  // namespace dataport::google
