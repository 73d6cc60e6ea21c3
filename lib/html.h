#pragma once
// HTML to text, and HTML to a small tree: message bodies and articles arrive as HTML fragments,
// Takeout's My Activity as one page of many small cells. Plain markup is read without libgumbo
// (checked against it by tests and the html fuzz target); the rest goes through gumbo.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dataport {

/// Visible text of an HTML fragment or page: entities decoded, <br>/<p>/<div>/<li> become line
/// breaks, runs of blank lines folded, script/style dropped, ends trimmed.
std::string html_to_text(std::string_view html);
/// html_to_text through gumbo's full HTML5 parser, always. html_to_text reads fragments of plain
/// markup (text, references, nested p/div/br/a/b/i/u/em/strong/span) without building a tree,
/// with the same result; tests and the html fuzz target hold the two to it.
std::string html_to_text_full(std::string_view html);
/// html_to_text of a fragment of plain markup, or nullopt when the fragment needs the full parser.
std::optional<std::string> plain_html_to_text(std::string_view html);
/// The elements an HtmlTree tells apart; every other element is `other`.
enum class HtmlTag : uint8_t { other, p, div, br, a, b, i, u, em, strong, span, script, style };

/// The tree an HTML parser builds for the body of a fragment, kept flat: nodes in document order,
/// the root (the body) first, each subtree a run of nodes. Elements keep their tag and their class
/// and href attributes, text nodes their decoded text. One tree is reused from one fragment to the
/// next, so reading many small fragments (Takeout's My Activity cells) allocates next to nothing.
class HtmlTree {
 public:
  enum class Kind : uint8_t { element, text, whitespace, other };  // whitespace: only TAB LF FF CR SP; other: a comment
  struct Node {
    Kind kind = Kind::element;
    HtmlTag tag = HtmlTag::other;
    uint32_t parent = 0, first_child = 0, last_child = 0, next_sibling = 0;  // 0: none (the root is no one's child)
    uint32_t end = 0;  // one past the node's last descendant
    uint32_t text_at = 0, text_len = 0, class_at = 0, class_len = 0, href_at = 0, href_len = 0;
  };
  static constexpr uint32_t root = 0;

  /// Reads a fragment of plain markup the way an HTML parser would, without building its full
  /// model: text, character references (the five XML ones, nbsp, emsp, ensp, thinsp, numbers, and
  /// a '&' that starts none), and properly nested p, div, br, a, b, i, u, em, strong and span with
  /// any attributes. False (the tree is then undefined) for anything else: other elements, a p
  /// that another p or a div would close, a stray end tag, a comment, a name a parser also reads
  /// without its ';', unusual characters, a fragment of 1 GiB or more... read_full takes those.
  bool read_plain(std::string_view html);
  /// Reads any HTML under 1 GiB (offsets are 32 bits) with libgumbo's HTML5 parser.
  void read_full(std::string_view html);
  /// read_plain, or read_full when the fragment needs it.
  void read(std::string_view html) {
    if (!read_plain(html)) read_full(html);
  }

  size_t size() const { return nodes_.size(); }
  const Node& operator[](uint32_t i) const { return nodes_[i]; }
  std::string_view text(uint32_t i) const { return span(nodes_[i].text_at, nodes_[i].text_len); }
  std::string_view class_attr(uint32_t i) const { return span(nodes_[i].class_at, nodes_[i].class_len); }
  std::string_view href(uint32_t i) const { return span(nodes_[i].href_at, nodes_[i].href_len); }
  bool is(uint32_t i, HtmlTag t) const { return nodes_[i].kind == Kind::element && nodes_[i].tag == t; }
  /// True when the class attribute holds `cls` as one of its space-separated words.
  bool has_class(uint32_t i, std::string_view cls) const;
  /// Appends the text of i and its descendants in order, <br> as a line break, script and style
  /// left out.
  void text_of(uint32_t i, std::string& out) const;
  /// Same shape, kinds, tags, texts and attributes.
  bool operator==(const HtmlTree& o) const;
  /// One line per node, indented by depth: for test messages.
  std::string describe() const;

 private:
  std::string_view span(uint32_t at, uint32_t len) const { return std::string_view(chars_).substr(at, len); }
  uint32_t add(Kind kind, HtmlTag tag, uint32_t parent);
  void clear();
  std::vector<Node> nodes_;
  std::string chars_;  // every text and attribute value, one after the other
};

/// The <title> of a page, or the first <h1>, or "".
std::string html_title(std::string_view html);
/// True when the string looks like HTML markup (has a tag or an entity), so plain text is left alone.
bool looks_like_html(std::string_view s);

}  // namespace dataport
