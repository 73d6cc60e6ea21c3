#include "importers/google/dom.h"

namespace dataport::google {

HtmlDoc::HtmlDoc(std::string_view html)
    : html_(html), out_(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size())) {}

HtmlDoc::~HtmlDoc() { gumbo_destroy_output(&kGumboDefaultOptions, out_); }

GumboTag tag_of(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

namespace {
// The attribute's value as gumbo holds it, or "".
std::string_view attr_view(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}
// The node's children as gumbo holds them, or null for a node that has none (text).
const GumboVector* child_nodes(const GumboNode* n) {
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  return nullptr;
}
template <typename Fn>
void each_child(const GumboNode* n, Fn fn) {
  if (const GumboVector* v = child_nodes(n))
    for (unsigned i = 0; i < v->length; ++i) fn(static_cast<const GumboNode*>(v->data[i]));
}
}  // namespace

std::string attr(const GumboNode* n, const char* name) { return std::string(attr_view(n, name)); }

std::vector<const GumboNode*> children(const GumboNode* n) {
  std::vector<const GumboNode*> out;
  each_child(n, [&](const GumboNode* c) { out.push_back(c); });
  return out;
}

namespace {
void collect(const GumboNode* n, const std::function<bool(const GumboNode*)>& want,
             std::vector<const GumboNode*>& out) {
  if (n->type == GUMBO_NODE_ELEMENT && want(n)) out.push_back(n);
  each_child(n, [&](const GumboNode* c) { collect(c, want, out); });
}
void text_into(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  GumboTag t = tag_of(n);
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) return;
  if (t == GUMBO_TAG_BR) out += '\n';
  each_child(n, [&](const GumboNode* c) { text_into(c, out); });
}
}  // namespace

std::vector<const GumboNode*> find_all(const GumboNode* n, const std::function<bool(const GumboNode*)>& want) {
  std::vector<const GumboNode*> out;
  collect(n, want, out);
  return out;
}

std::string node_text(const GumboNode* n) {
  std::string out;
  text_into(n, out);
  return out;
}

// One pass: the three wide spaces are recognised where they stand (they cannot overlap one
// another, and a space put in for one cannot make another), so no copy is made per kind.
std::string clean_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = byte(i);
    size_t wide = 0;
    if (c == 0xC2 && byte(i + 1) == 0xA0) wide = 2;  // U+00A0
    else if (c == 0xE2 && byte(i + 1) == 0x80 && (byte(i + 2) == 0x83 || byte(i + 2) == 0xAF)) wide = 3;  // U+2003, U+202F
    if (wide || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      i += wide ? wide : 1;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += s[i++];
  }
  return out;
}

}  // namespace dataport::google
