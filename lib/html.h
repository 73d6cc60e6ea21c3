#pragma once
// HTML to text through libgumbo: message bodies and articles arrive as HTML fragments.

#include <optional>
#include <string>
#include <string_view>

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
/// The <title> of a page, or the first <h1>, or "".
std::string html_title(std::string_view html);
/// True when the string looks like HTML markup (has a tag or an entity), so plain text is left alone.
bool looks_like_html(std::string_view s);

}  // namespace dataport
