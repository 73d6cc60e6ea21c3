#include "lib/html.h"

#include <gumbo.h>

#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

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

bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The elements the plain reader takes, and what each adds to the text.
enum class Plain { none, paragraph, division, line_break, link, phrase };

Plain plain_tag(std::string_view name) {
  if (name == "p") return Plain::paragraph;
  if (name == "div") return Plain::division;
  if (name == "br") return Plain::line_break;
  if (name == "a") return Plain::link;
  for (std::string_view n : {"b", "i", "u", "em", "strong", "span"})
    if (name == n) return Plain::phrase;
  return Plain::none;
}

// Reads the tag at h[i] ('<' then a letter, or "</" then a letter) up to its '>': its lower-case
// name, whether it ends with "/>", and where it ends. False for what the plain reader leaves to
// the full parser: the input ending inside the tag, or an attribute an HTML tokenizer reads
// with a parse error (quotes or '<' in a name or an unquoted value, a value missing).
bool read_tag(std::string_view h, size_t& i, std::string& name, bool& self_closing) {
  i += h[i + 1] == '/' ? 2 : 1;
  name.clear();
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
    while (i < h.size() && !html_space(h[i]) && h[i] != '/' && h[i] != '>' && h[i] != '=') {
      if (h[i] == '"' || h[i] == '\'' || h[i] == '<') return false;
      ++i;
    }
    while (i < h.size() && html_space(h[i])) ++i;
    if (i >= h.size() || h[i] != '=') continue;
    ++i;
    while (i < h.size() && html_space(h[i])) ++i;
    if (i >= h.size() || h[i] == '>') return false;
    if (h[i] == '"' || h[i] == '\'') {
      size_t close = h.find(h[i], i + 1);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      if (i < h.size() && !html_space(h[i]) && h[i] != '/' && h[i] != '>') return false;
      continue;
    }
    while (i < h.size() && !html_space(h[i]) && h[i] != '>') {
      if (h[i] == '"' || h[i] == '\'' || h[i] == '<' || h[i] == '=' || h[i] == '`') return false;
      ++i;
    }
  }
}

// Decodes the character reference at h[i] ('&') onto out. False for a reference the plain
// reader leaves to the full parser: a name other than the five XML ones and nbsp, one without
// its ';', or a number that is not an ordinary character.
bool read_reference(std::string_view h, size_t& i, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> named[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"}};
  std::string_view rest = h.substr(i);
  for (const auto& [ref, text] : named) {
    if (rest.substr(0, ref.size()) == ref) {
      out += text;
      i += ref.size();
      return true;
    }
  }
  if (rest.size() < 2 || rest[1] != '#') return false;
  bool hex = rest.size() > 2 && (rest[2] == 'x' || rest[2] == 'X');
  size_t k = hex ? 3 : 2, digits = 0;
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
  i += k + 1;
  return true;
}

// The text walk() would collect from the tree an HTML parser builds, for a fragment made only
// of text, the five XML character references and nbsp, numeric ones, and properly nested p, div,
// br, a, b, i, u, em, strong and span (with any attributes): for these the tree holds the text
// in the order it is written, so no tree is needed. nullopt for anything else (other elements, a
// p that another p or a div would close, a comment, a stray end tag, unusual characters...), which
// html_to_text gives to gumbo. Messages from LinkedIn and the like are mostly of this kind.
std::optional<std::string> plain_markup_raw_text(std::string_view h) {
  if (!valid_utf8(h) || h.substr(0, 3) == "\xEF\xBB\xBF") return std::nullopt;
  std::string out;
  out.reserve(h.size());
  std::vector<std::string> open;
  int open_paragraphs = 0, open_links = 0;
  std::string name;
  size_t i = 0;
  while (i < h.size()) {
    char c = h[i];
    if (c == '<') {
      bool end = i + 1 < h.size() && h[i + 1] == '/';
      size_t letter = i + (end ? 2 : 1);
      bool alpha = letter < h.size() && ((h[letter] >= 'a' && h[letter] <= 'z') || (h[letter] >= 'A' && h[letter] <= 'Z'));
      if (!alpha) {
        if (end || (letter < h.size() && (h[letter] == '!' || h[letter] == '?'))) return std::nullopt;
        out += '<';  // a '<' that opens no tag is text
        ++i;
        continue;
      }
      bool self_closing = false;
      if (!read_tag(h, i, name, self_closing)) return std::nullopt;
      Plain kind = plain_tag(name);
      if (kind == Plain::none) return std::nullopt;
      if (kind == Plain::line_break) {
        if (end) return std::nullopt;  // </br> is read as <br>
        out += '\n';
        continue;
      }
      if (self_closing) return std::nullopt;
      bool block = kind == Plain::paragraph || kind == Plain::division;
      if (end) {
        if (open.empty() || open.back() != name) return std::nullopt;
        open.pop_back();
        if (kind == Plain::paragraph) --open_paragraphs;
        if (kind == Plain::link) --open_links;
        if (block) out += '\n';
        continue;
      }
      if ((block && open_paragraphs > 0) || (kind == Plain::link && open_links > 0)) return std::nullopt;
      if (kind == Plain::paragraph) ++open_paragraphs;
      if (kind == Plain::link) ++open_links;
      open.push_back(name);
      if (block) out += '\n';
      continue;
    }
    if (c == '&') {
      size_t next = i + 1;
      bool alnum_or_hash = next < h.size() && (std::isalnum(static_cast<unsigned char>(h[next])) || h[next] == '#');
      if (!alnum_or_hash) {
        out += '&';
        ++i;
        continue;
      }
      if (!read_reference(h, i, out)) return std::nullopt;
      continue;
    }
    if (c == '\r') {  // CR LF and a lone CR are read as LF
      out += '\n';
      i += i + 1 < h.size() && h[i + 1] == '\n' ? 2 : 1;
      continue;
    }
    if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n') {  // a run of ordinary ASCII, copied at once
      size_t end = i + 1;
      while (end < h.size() && ((h[end] >= 0x20 && h[end] < 0x7F) || h[end] == '\t' || h[end] == '\n') &&
             h[end] != '<' && h[end] != '&')
        ++end;
      out.append(h.substr(i, end - i));
      i = end;
      continue;
    }
    size_t n = 1;
    uint32_t cp = code_point_at(h, i, n);
    if (unusual_code_point(cp)) return std::nullopt;
    out.append(h.substr(i, n));
    i += n;
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it)
    if (plain_tag(*it) == Plain::paragraph || plain_tag(*it) == Plain::division) out += '\n';
  return out;
}

}  // namespace

std::optional<std::string> plain_html_to_text(std::string_view html) {
  std::optional<std::string> raw = plain_markup_raw_text(html);
  if (!raw) return std::nullopt;
  return repair_utf8(tidy(*raw));
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
