#include "lib/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
      return true;
    default:
      return false;
  }
}

void walk(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT && n->type != GUMBO_NODE_TEMPLATE) return;
  const GumboVector* children = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
  GumboTag tag = n->type == GUMBO_NODE_DOCUMENT ? GUMBO_TAG_UNKNOWN : n->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD) return;
  if (tag == GUMBO_TAG_BR) {
    out += '\n';
    return;
  }
  bool block = is_block(tag);
  if (block) out += '\n';
  for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), out);
  if (block) out += '\n';
}

// Folds spaces within lines and trims them; a run of blank lines becomes one, so paragraphs
// (a block's end and the next block's start) are kept apart by one blank line, and <br> is a
// single line break.
std::string tidy(const std::string& raw) {
  std::string out;
  int newlines = 0;
  for (const std::string& line : split(raw, '\n')) {
    std::string folded;
    bool space = false;
    for (char c : std::string(trim(line))) {
      if (c == ' ' || c == '\t' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !folded.empty()) folded += ' ';
      space = false;
      folded += c;
    }
    if (folded.empty()) {
      ++newlines;
      continue;
    }
    if (!out.empty()) out += newlines > 1 ? "\n\n" : "\n";
    newlines = 1;
    out += folded;
  }
  return out;
}

const GumboNode* find_tag(const GumboNode* n, GumboTag tag) {
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return nullptr;
  if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag) return n;
  const GumboVector* children = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
  for (unsigned i = 0; i < children->length; ++i)
    if (const GumboNode* f = find_tag(static_cast<const GumboNode*>(children->data[i]), tag)) return f;
  return nullptr;
}

// A code point whose handling by an HTML parser this file does not repeat: controls other than
// TAB and LF (CR is read as LF), C1 controls (references to them mean Windows-1252), surrogates,
// noncharacters and what lies past U+10FFFF.
bool unusual_code_point(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
         cp > 0x10FFFF || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

// The code point of the UTF-8 sequence at s[i] (s is valid UTF-8), and its length in n.
uint32_t code_point_at(std::string_view s, size_t i, size_t& n) {
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
  uint32_t c = b(0);
  if (c < 0x80) return n = 1, c;
  if (c < 0xE0) return n = 2, ((c & 0x1F) << 6) | (b(1) & 0x3F);
  if (c < 0xF0) return n = 3, ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return n = 4, ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// White space as an HTML tokenizer reads it, between attributes and in text nodes.
bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

HtmlTag tag_named(std::string_view name) {
  static constexpr std::pair<std::string_view, HtmlTag> tags[] = {
      {"p", HtmlTag::p},   {"div", HtmlTag::div}, {"br", HtmlTag::br}, {"a", HtmlTag::a},
      {"b", HtmlTag::b},   {"i", HtmlTag::i},     {"u", HtmlTag::u},   {"em", HtmlTag::em},
      {"strong", HtmlTag::strong}, {"span", HtmlTag::span}};
  for (const auto& [n, t] : tags)
    if (name == n) return t;
  return HtmlTag::other;
}

HtmlTag tag_of(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: return HtmlTag::p;
    case GUMBO_TAG_DIV: return HtmlTag::div;
    case GUMBO_TAG_BR: return HtmlTag::br;
    case GUMBO_TAG_A: return HtmlTag::a;
    case GUMBO_TAG_B: return HtmlTag::b;
    case GUMBO_TAG_I: return HtmlTag::i;
    case GUMBO_TAG_U: return HtmlTag::u;
    case GUMBO_TAG_EM: return HtmlTag::em;
    case GUMBO_TAG_STRONG: return HtmlTag::strong;
    case GUMBO_TAG_SPAN: return HtmlTag::span;
    case GUMBO_TAG_SCRIPT: return HtmlTag::script;
    case GUMBO_TAG_STYLE: return HtmlTag::style;
    default: return HtmlTag::other;
  }
}

// The least fragment HtmlTree does not read: its offsets into chars_ are 32 bits.
constexpr size_t max_tree_bytes = size_t{1} << 30;

struct RawAttribute {
  std::string_view name, value;  // as written: the value's references are not decoded yet
};

// Reads the tag at h[i] ('<' then a letter, or "</" then a letter) up to its '>': its lower-case
// name, its attributes as written, whether it ends with "/>", and where it ends. False for what
// the plain reader leaves to the full parser: the input ending inside the tag, or an attribute an
// HTML tokenizer reads with a parse error (quotes or '<' in a name or an unquoted value, a value
// missing, no space after a quoted value).
bool read_tag(std::string_view h, size_t& i, std::string& name, bool& self_closing, std::vector<RawAttribute>& attrs) {
  i += h[i + 1] == '/' ? 2 : 1;
  name.clear();
  attrs.clear();
  while (i < h.size() && !html_space(h[i]) && h[i] != '/' && h[i] != '>') {
    char c = h[i++];
    name += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  self_closing = false;
  for (;;) {
    while (i < h.size() && html_space(h[i])) ++i;
    if (i >= h.size()) return false;
    if (h[i] == '>') {
      ++i;
      return true;
    }
    if (h[i] == '/') {
      if (i + 1 >= h.size() || h[i + 1] != '>') return false;
      self_closing = true;
      i += 2;
      return true;
    }
    if (h[i] == '=') return false;
    size_t name_at = i;
    while (i < h.size() && !html_space(h[i]) && h[i] != '/' && h[i] != '>' && h[i] != '=') {
      if (h[i] == '"' || h[i] == '\'' || h[i] == '<') return false;
      ++i;
    }
    RawAttribute& a = attrs.emplace_back();
    a.name = h.substr(name_at, i - name_at);
    while (i < h.size() && html_space(h[i])) ++i;
    if (i >= h.size() || h[i] != '=') continue;
    ++i;
    while (i < h.size() && html_space(h[i])) ++i;
    if (i >= h.size() || h[i] == '>') return false;
    if (h[i] == '"' || h[i] == '\'') {
      size_t close = h.find(h[i], i + 1);
      if (close == std::string_view::npos) return false;
      a.value = h.substr(i + 1, close - i - 1);
      i = close + 1;
      if (i < h.size() && !html_space(h[i]) && h[i] != '/' && h[i] != '>') return false;
      continue;
    }
    size_t value_at = i;
    while (i < h.size() && !html_space(h[i]) && h[i] != '>') {
      if (h[i] == '"' || h[i] == '\'' || h[i] == '<' || h[i] == '=' || h[i] == '`') return false;
      ++i;
    }
    a.value = h.substr(value_at, i - value_at);
  }
}

bool ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Decodes the character reference at s[i] ('&') onto out, or the '&' itself when what follows
// names no reference. False for a reference the plain reader leaves to the full parser: a name
// it does not know, a name an HTML parser also reads without its ';' (the standard's legacy
// list, read differently in text and in attributes), or a number that is not an ordinary
// character.
bool read_reference(std::string_view s, size_t& i, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> named[] = {
      {"amp;", "&"},           {"lt;", "<"},           {"gt;", ">"},
      {"quot;", "\""},         {"apos;", "'"},         {"nbsp;", "\xC2\xA0"},
      {"emsp;", "\xE2\x80\x83"}, {"ensp;", "\xE2\x80\x82"}, {"thinsp;", "\xE2\x80\x89"}};
  static constexpr std::string_view legacy[] = {
      "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil", "ETH", "Eacute",
      "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT", "Ntilde", "Oacute", "Ocirc",
      "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN", "Uacute", "Ucirc", "Ugrave", "Uuml",
      "Yacute", "aacute", "acirc", "acute", "aelig", "agrave", "amp", "aring", "atilde", "auml", "brvbar",
      "ccedil", "cedil", "cent", "copy", "curren", "deg", "divide", "eacute", "ecirc", "egrave", "eth", "euml",
      "frac12", "frac14", "frac34", "gt", "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo",
      "lt", "macr", "micro", "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm",
      "oslash", "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
      "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml", "yacute", "yen",
      "yuml"};
  std::string_view rest = s.substr(i + 1);
  if (rest.empty() || !(ascii_alnum(rest[0]) || rest[0] == '#')) {
    out += '&';
    ++i;
    return true;
  }
  if (rest[0] != '#') {
    for (const auto& [ref, text] : named) {
      if (rest.substr(0, ref.size()) == ref) {
        out += text;
        i += 1 + ref.size();
        return true;
      }
    }
    size_t run = 0;
    while (run < rest.size() && ascii_alnum(rest[run])) ++run;
    if (run < rest.size() && rest[run] == ';') return false;
    for (std::string_view name : legacy)
      if (rest.substr(0, name.size()) == name) return false;
    out += '&';  // "AT&T", "?a=1&b=2": no reference, so the '&' is text
    ++i;
    return true;
  }
  bool hex = rest.size() > 1 && (rest[1] == 'x' || rest[1] == 'X');
  size_t k = hex ? 2 : 1, digits = 0;
  uint32_t cp = 0;
  for (; k < rest.size() && digits < 8; ++k, ++digits) {
    char c = rest[k];
    uint32_t d;
    if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
    else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
    else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
    else break;
    cp = cp * (hex ? 16 : 10) + d;
  }
  if (digits == 0 || k >= rest.size() || rest[k] != ';' || cp == 0 || unusual_code_point(cp)) return false;
  append_utf8(out, cp);
  i += 1 + k + 1;
  return true;
}

// Decodes text or an attribute value as written (s holds no tag) onto out: references, CR LF
// and a lone CR read as LF. False for what the plain reader leaves to the full parser.
bool decode_text(std::string_view s, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '&') {
      if (!read_reference(s, i, out)) return false;
      continue;
    }
    if (c == '\r') {
      out += '\n';
      i += i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
      continue;
    }
    if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n') {  // a run of ordinary ASCII, copied at once
      size_t end = i + 1;
      while (end < s.size() && ((s[end] >= 0x20 && s[end] < 0x7F) || s[end] == '\t' || s[end] == '\n') && s[end] != '&')
        ++end;
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    size_t n = 1;
    uint32_t cp = code_point_at(s, i, n);
    if (unusual_code_point(cp)) return false;
    out.append(s.substr(i, n));
    i += n;
  }
  return true;
}

// What walk() collects from gumbo's tree, collected from an HtmlTree: blocks (only p and div are
// in a plain tree) and <br> as line breaks.
std::string raw_text(const HtmlTree& t) {
  std::string out;
  std::vector<uint32_t> block_ends;
  for (uint32_t k = 1; k < t.size(); ++k) {
    while (!block_ends.empty() && block_ends.back() <= k) {
      out += '\n';
      block_ends.pop_back();
    }
    if (t[k].kind == HtmlTree::Kind::text || t[k].kind == HtmlTree::Kind::whitespace) out += t.text(k);
    else if (t.is(k, HtmlTag::br)) out += '\n';
    else if (t.is(k, HtmlTag::p) || t.is(k, HtmlTag::div)) {
      out += '\n';
      block_ends.push_back(t[k].end);
    }
  }
  out.append(block_ends.size(), '\n');
  return out;
}

}  // namespace

void HtmlTree::clear() {
  nodes_.assign(1, Node{});
  chars_.clear();
}

uint32_t HtmlTree::add(Kind kind, HtmlTag tag, uint32_t parent) {
  auto at = static_cast<uint32_t>(nodes_.size());
  Node& n = nodes_.emplace_back();
  n.kind = kind;
  n.tag = tag;
  n.parent = parent;
  n.end = at + 1;
  Node& p = nodes_[parent];
  if (p.last_child) nodes_[p.last_child].next_sibling = at;
  else p.first_child = at;
  p.last_child = at;
  return at;
}

// Follows an HTML parser's tree construction for the plain subset: every start tag opens an
// element under the current one (<br> one with no children), every end tag closes the current
// element, text between tags is one node, and text before the first tag loses its leading white
// space (a parser drops it before it makes the body).
bool HtmlTree::read_plain(std::string_view h) {
  clear();
  // Offsets into chars_ are 32 bits: a fragment this size (never a cell) goes to gumbo.
  if (h.size() >= max_tree_bytes || !valid_utf8(h) || h.substr(0, 3) == "\xEF\xBB\xBF") return false;
  std::vector<uint32_t> open;
  int open_paragraphs = 0, open_links = 0;
  std::string name;
  std::vector<RawAttribute> attrs;
  size_t text_at = 0;  // where the text being collected begins in chars_
  auto current = [&] { return open.empty() ? root : open.back(); };
  auto end_text = [&] {
    size_t at = text_at;
    if (nodes_.size() == 1)
      while (at < chars_.size() && html_space(chars_[at])) ++at;
    if (at < chars_.size()) {
      bool space = true;
      for (size_t k = at; k < chars_.size() && space; ++k) space = html_space(chars_[k]);
      Node& n = nodes_[add(space ? Kind::whitespace : Kind::text, HtmlTag::other, current())];
      n.text_at = static_cast<uint32_t>(at);
      n.text_len = static_cast<uint32_t>(chars_.size() - at);
    }
    text_at = chars_.size();
  };
  size_t i = 0;
  while (i < h.size()) {
    size_t lt = std::min(h.find('<', i), h.size());
    if (!decode_text(h.substr(i, lt - i), chars_)) return false;
    i = lt;
    if (i >= h.size()) break;
    bool end = i + 1 < h.size() && h[i + 1] == '/';
    size_t letter = i + (end ? 2 : 1);
    bool alpha = letter < h.size() && ((h[letter] >= 'a' && h[letter] <= 'z') || (h[letter] >= 'A' && h[letter] <= 'Z'));
    if (!alpha) {
      if (end || (letter < h.size() && (h[letter] == '!' || h[letter] == '?'))) return false;
      chars_ += '<';  // a '<' that opens no tag is text
      ++i;
      continue;
    }
    end_text();
    bool self_closing = false;
    if (!read_tag(h, i, name, self_closing, attrs)) return false;
    HtmlTag tag = tag_named(name);
    if (tag == HtmlTag::other) return false;
    if (end) {
      if (tag == HtmlTag::br || open.empty() || nodes_[open.back()].tag != tag) return false;  // </br> is read as <br>
      nodes_[open.back()].end = static_cast<uint32_t>(nodes_.size());
      open.pop_back();
      if (tag == HtmlTag::p) --open_paragraphs;
      if (tag == HtmlTag::a) --open_links;
      continue;
    }
    if (self_closing && tag != HtmlTag::br) return false;
    bool block = tag == HtmlTag::p || tag == HtmlTag::div;
    if ((block && open_paragraphs > 0) || (tag == HtmlTag::a && open_links > 0)) return false;
    uint32_t at = add(Kind::element, tag, current());
    bool have_class = false, have_href = false;  // the first of a repeated attribute counts
    for (const RawAttribute& a : attrs) {
      bool cls = !have_class && iequals(a.name, "class"), href = !have_href && iequals(a.name, "href");
      have_class |= cls;
      have_href |= href;
      if (!cls && !href) continue;
      auto from = static_cast<uint32_t>(chars_.size());
      if (!decode_text(a.value, chars_)) return false;
      (cls ? nodes_[at].class_at : nodes_[at].href_at) = from;
      (cls ? nodes_[at].class_len : nodes_[at].href_len) = static_cast<uint32_t>(chars_.size() - from);
    }
    text_at = chars_.size();
    if (tag == HtmlTag::br) continue;
    if (tag == HtmlTag::p) ++open_paragraphs;
    if (tag == HtmlTag::a) ++open_links;
    open.push_back(at);
  }
  end_text();
  for (uint32_t k : open) nodes_[k].end = static_cast<uint32_t>(nodes_.size());
  nodes_[root].end = static_cast<uint32_t>(nodes_.size());
  return true;
}

void HtmlTree::read_full(std::string_view html) {
  clear();
  if (html.size() >= max_tree_bytes) throw Error("", "an HTML fragment of 1 GiB or more: too large to read as a tree");
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> doc(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* d) { gumbo_destroy_output(&kGumboDefaultOptions, d); });
  const GumboNode* body = nullptr;
  if (doc->root->type == GUMBO_NODE_ELEMENT) {
    const GumboVector& top = doc->root->v.element.children;
    for (unsigned k = 0; k < top.length && !body; ++k) {
      auto n = static_cast<const GumboNode*>(top.data[k]);
      if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) body = n;
    }
  }
  if (!body) return;
  auto keep = [&](uint32_t& at, uint32_t& len, const GumboNode* n, const char* attr) {
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, attr);
    if (!a) return;
    at = static_cast<uint32_t>(chars_.size());
    chars_ += a->value;
    len = static_cast<uint32_t>(chars_.size() - at);
  };
  auto attributes = [&](uint32_t to, const GumboNode* n) {
    keep(nodes_[to].class_at, nodes_[to].class_len, n, "class");
    keep(nodes_[to].href_at, nodes_[to].href_len, n, "href");
  };
  attributes(root, body);
  struct Frame {
    const GumboNode* node;
    unsigned next;
    uint32_t at;
  };
  std::vector<Frame> stack{{body, 0, root}};  // a loop, not recursion: the tree may be deep
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& kids = f.node->v.element.children;
    if (f.next == kids.length) {
      nodes_[f.at].end = static_cast<uint32_t>(nodes_.size());
      stack.pop_back();
      continue;
    }
    auto c = static_cast<const GumboNode*>(kids.data[f.next++]);
    uint32_t parent = f.at;
    switch (c->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        uint32_t at = add(Kind::element, tag_of(c->v.element.tag), parent);
        attributes(at, c);
        stack.push_back({c, 0, at});
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE: {
        uint32_t at = add(c->type == GUMBO_NODE_WHITESPACE ? Kind::whitespace : Kind::text, HtmlTag::other, parent);
        nodes_[at].text_at = static_cast<uint32_t>(chars_.size());
        chars_ += c->v.text.text;
        nodes_[at].text_len = static_cast<uint32_t>(chars_.size() - nodes_[at].text_at);
        break;
      }
      default:
        add(Kind::other, HtmlTag::other, parent);
        break;
    }
  }
}

// The words of the class attribute as splitting it at each ' ' gives them, empty ones included.
bool HtmlTree::has_class(uint32_t i, std::string_view cls) const {
  std::string_view c = class_attr(i);
  for (size_t at = 0;;) {
    size_t end = c.find(' ', at);
    if (c.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at) == cls) return true;
    if (end == std::string_view::npos) return false;
    at = end + 1;
  }
}

void HtmlTree::text_of(uint32_t i, std::string& out) const {
  for (uint32_t k = i, end = nodes_[i].end; k < end;) {
    const Node& n = nodes_[k];
    if (n.kind == Kind::text || n.kind == Kind::whitespace) {
      out += text(k);
    } else if (n.kind == Kind::element) {
      if (n.tag == HtmlTag::script || n.tag == HtmlTag::style) {
        k = n.end;
        continue;
      }
      if (n.tag == HtmlTag::br) out += '\n';
    }
    ++k;
  }
}

bool HtmlTree::operator==(const HtmlTree& o) const {
  if (size() != o.size()) return false;
  for (uint32_t k = 0; k < size(); ++k) {
    const Node &a = nodes_[k], &b = o.nodes_[k];
    if (a.kind != b.kind || a.tag != b.tag || a.parent != b.parent || a.first_child != b.first_child ||
        a.next_sibling != b.next_sibling || a.end != b.end || text(k) != o.text(k) ||
        class_attr(k) != o.class_attr(k) || href(k) != o.href(k))
      return false;
  }
  return true;
}

std::string HtmlTree::describe() const {
  static constexpr const char* tags[] = {"other", "p", "div", "br", "a", "b", "i", "u", "em", "strong", "span", "script", "style"};
  std::string out;
  for (uint32_t k = 0; k < size(); ++k) {
    int depth = 0;
    for (uint32_t p = k; p != root; p = nodes_[p].parent) ++depth;
    out.append(static_cast<size_t>(depth) * 2, ' ');
    const Node& n = nodes_[k];
    switch (n.kind) {
      case Kind::element: out += std::string("<") + tags[static_cast<int>(n.tag)]; break;
      case Kind::text: out += "text"; break;
      case Kind::whitespace: out += "space"; break;
      case Kind::other: out += "other"; break;
    }
    if (n.kind == Kind::text || n.kind == Kind::whitespace) out += " \"" + std::string(text(k)) + "\"";
    if (n.class_len) out += " class=\"" + std::string(class_attr(k)) + "\"";
    if (n.href_len) out += " href=\"" + std::string(href(k)) + "\"";
    out += " end=" + std::to_string(n.end) + "\n";
  }
  return out;
}

std::optional<std::string> plain_html_to_text(std::string_view html) {
  thread_local HtmlTree tree;
  if (!tree.read_plain(html)) return std::nullopt;
  return repair_utf8(tidy(raw_text(tree)));
}

std::string html_to_text(std::string_view html) {
  if (std::optional<std::string> text = plain_html_to_text(html)) return *text;
  return html_to_text_full(html);
}

std::string html_to_text_full(std::string_view html) {
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string raw;
  walk(doc->root, raw);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return repair_utf8(tidy(raw));
}

std::string html_title(std::string_view html) {
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out;
  for (GumboTag tag : {GUMBO_TAG_TITLE, GUMBO_TAG_H1}) {
    if (const GumboNode* n = find_tag(doc->root, tag)) {
      std::string raw;
      walk(n, raw);
      out = tidy(raw);
      if (!out.empty()) break;
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return repair_utf8(out);
}

bool looks_like_html(std::string_view s) {
  // Each search looks only as far as it must: a '>' missing after one tag start is missing after
  // every later one, and an entity's ';' is near its '&' (searching the whole field from each of
  // thousands of them cost their number times its size).
  bool closes = true;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (closes && s[i] == '<' && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
      if (s.find('>', i) != std::string_view::npos) return true;
      closes = false;
    }
    if (s[i] == '&' && s.substr(i, 9).find(';') != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace dataport
