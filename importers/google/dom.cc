#include "importers/google/dom.h"

#include "lib/text.h"

namespace dataport::google {

HtmlDoc::HtmlDoc(std::string_view html)
    : html_(html), out_(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size())) {}

HtmlDoc::~HtmlDoc() { gumbo_destroy_output(&kGumboDefaultOptions, out_); }

GumboTag tag_of(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

std::string attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return "";
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : "";
}

bool has_class(const GumboNode* n, std::string_view cls) {
  std::string c = attr(n, "class");
  for (const std::string& word : split(c, ' '))
    if (word == cls) return true;
  return false;
}

std::vector<const GumboNode*> children(const GumboNode* n) {
  std::vector<const GumboNode*> out;
  const GumboVector* v = nullptr;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) v = &n->v.element.children;
  else if (n->type == GUMBO_NODE_DOCUMENT) v = &n->v.document.children;
  if (!v) return out;
  for (unsigned i = 0; i < v->length; ++i) out.push_back(static_cast<const GumboNode*>(v->data[i]));
  return out;
}

namespace {
void collect(const GumboNode* n, const std::function<bool(const GumboNode*)>& want,
             std::vector<const GumboNode*>& out) {
  if (n->type == GUMBO_NODE_ELEMENT && want(n)) out.push_back(n);
  for (const GumboNode* c : children(n)) collect(c, want, out);
}
void text_into(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  GumboTag t = tag_of(n);
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) return;
  if (t == GUMBO_TAG_BR) out += '\n';
  for (const GumboNode* c : children(n)) text_into(c, out);
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

std::string clean_space(std::string_view s) {
  std::string t = replace_all(replace_all(replace_all(std::string(s), "\xC2\xA0", " "), "\xE2\x80\x83", " "),
                              "\xE2\x80\xAF", " ");
  std::string out;
  bool space = false;
  for (char c : t) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace dataport::google
