#include "lib/html.h"

#include <gumbo.h>

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

}  // namespace

std::string html_to_text(std::string_view html) {
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
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '<' && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
      size_t close = s.find('>', i);
      if (close != std::string_view::npos) return true;
    }
    if (s[i] == '&') {
      size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) return true;
    }
  }
  return false;
}

}  // namespace dataport
