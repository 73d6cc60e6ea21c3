#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "lib/html.h"

using namespace dataport;

TEST_CASE("html_to_text keeps line structure and decodes entities", "[html]") {
  CHECK(html_to_text("<p>Hi Tom&aacute;s,</p><p>see <a href='x'>this</a><br>thanks &amp; bye</p>") ==
        "Hi Tomás,\n\nsee this\nthanks & bye");
  CHECK(html_to_text("<script>evil()</script>plain   text") == "plain text");
  CHECK(html_to_text("no markup") == "no markup");
}

TEST_CASE("html_title takes <title>, then <h1>", "[html]") {
  CHECK(html_title("<html><head><title> My  Article </title></head><body><h1>H</h1></body></html>") == "My Article");
  CHECK(html_title("<body><h1>Heading</h1><p>x</p></body>") == "Heading");
  CHECK(html_title("<p>none</p>").empty());
}

TEST_CASE("looks_like_html", "[html]") {
  CHECK(looks_like_html("<p>x</p>"));
  CHECK(looks_like_html("a &amp; b"));
  CHECK_FALSE(looks_like_html("3 < 4 and 5 > 2"));
  CHECK_FALSE(looks_like_html("R&D team"));
  CHECK(looks_like_html("&abcdefg; (an entity: ';' 8 bytes on)"));
  CHECK_FALSE(looks_like_html("&abcdefgh; (9 bytes on: not one)"));
  CHECK(looks_like_html("R&D; then &lt;"));
  CHECK_FALSE(looks_like_html("a <b c <d e, never closed"));
  CHECK(looks_like_html("<b and later > closes"));
  CHECK_FALSE(looks_like_html("x > y <b"));  // the only '>' comes before the tag
}

// html_to_text reads plain markup without gumbo's tree; for every fragment it takes, the text
// must be what the full parser gives. The second list is markup whose tree is not its written
// order (an implied end, a stray end tag) or whose characters a parser rewrites: left to gumbo.
TEST_CASE("html_to_text without a tree: the full parser's text, or the full parser", "[html]") {
  const char* plain[] = {
      "<p>Hello Ana,</p>\n<p>Thanks for the note about project 4, see you on Monday.</p>\n<p>Best,<br>Jon</p>",
      "<P CLASS=\"x\" data-a='1' hidden>Upper<BR/>case</P>",
      "<div><p>a</p><p>b</p></div><div>c</div>",
      "<b><p>bold paragraph</p></b> after",
      "<a href=\"https://example.org/x?a=1&b=2\">link</a> <a href=plain>x</a> &amp; &lt;tag&gt; &quot;q&quot; &apos;s&apos;",
      "caf&#233; &#x1F600; &#X41;&nbsp;x",
      "line one\r\nline two\rline three\n\n\n\nfour",
      "3 < 4 & 5 > 2, a<>b, a < b",
      "  leading <em>and</em> <strong>trailing</strong>   ",
      "<span><i><u>deep</u></i></span><br><br><br>end",
      "<p>unclosed paragraph<b>and bold",
      "<div>unclosed div <a href='#'>x</a>",
      "Zoë — 日本語 \xF0\x9F\x98\x80",
      "",
      "no markup at all",
  };
  for (const char* h : plain) {
    INFO(h);
    std::optional<std::string> text = plain_html_to_text(h);
    REQUIRE(text);
    CHECK(*text == html_to_text_full(h));
    CHECK(html_to_text(h) == *text);
  }
  CHECK(*plain_html_to_text(plain[0]) == "Hello Ana,\n\nThanks for the note about project 4, see you on Monday.\n\nBest,\nJon");
  CHECK(*plain_html_to_text(plain[6]) == "line one\nline two\nline three\n\nfour");

  const char* full[] = {
      "<p>a<p>b",                         // a p closes the open p
      "<p>a<div>b</div>c</p>",            // a div closes the open p; </p> makes an empty one
      "<b>x<p>y</b>z</p>",                // misnested: the adoption agency moves nodes
      "a</br>b",                          // </br> is a <br>
      "a</span>b",                        // a stray end tag
      "<a href=x>1<a href=y>2</a></a>",   // an a closes the open a
      "&notit; &amp &copy;",              // named references without ';' or beyond the five
      "&#128; &#0; &#xD800; &#13;",       // numbers a parser maps to other characters
      "a\x01z",                           // a control character
      "<!-- comment -->x",
      "<table><tr><td>cell</td></tr></table>",
      "<p/>x",                            // a self-closing p is an open p
      "<a href=\"x\"title=y>x</a>",       // attributes with no space between them
      "\xEF\xBB\xBFx",                    // a byte order mark
      "bad \xC3 utf8",
  };
  for (const char* h : full) {
    INFO(h);
    CHECK_FALSE(plain_html_to_text(h));
    CHECK(html_to_text(h) == html_to_text_full(h));
  }
}
