#include <catch2/catch.hpp>

#include <iterator>
#include <optional>
#include <random>
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

// HtmlTree::read_plain reads plain markup without gumbo; for every fragment it takes, the tree
// (and so html_to_text's text) must be what the full parser gives. The second list is markup whose
// tree is not its written order (an implied end, a stray end tag) or whose characters a parser
// rewrites: left to gumbo.
namespace {
const char* const kPlain[] = {
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
    "<div CLASS=\"a  b\" class=\"c\" HREF='x&amp;y&#233;' href=z>first of each attribute</div>",
    "<a href=\"https://example.org/?q=a&b=2&amp;c=&#51;&=&#x41;&\">AT&T &= &#9;</a>",
    "\n \t&#32;<p>leading white space is dropped</p>",
    " \xC2\xA0no-break space is not white space",
    "<div>\n  <p>x</p>\n  <b> </b>\r\n</div>\n",
    "<p class=\"mdl-typography--caption\"><b>Products:</b><br>&emsp;YouTube&ensp;&thinsp;x</p>",
    "<div class\f=\"a b\"\fhref='c'\f>form feeds between attributes</div\f>",  // found by fuzz_html
};

const char* const kFull[] = {
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
    "<a href=\"?a=1&copy=2\">x</a>",    // a legacy name without ';': read apart in text and in values
    "a&ampb",                           // the same in text
    "&bdquo;",                          // a name this reader does not know
    "x&Aacute;",                        // one it knows no more, and also read without ';'
    "<a href=\"&rarr;\">x</a>",           // an unknown name in a value
    "<div class=\"x\"></div></div>",     // a stray end tag after the element
    "<div class=\"x\">a</div></body></html>",
};
}  // namespace

TEST_CASE("html_to_text without a tree: the full parser's text, or the full parser", "[html]") {
  for (const char* h : kPlain) {
    INFO(h);
    std::optional<std::string> text = plain_html_to_text(h);
    REQUIRE(text);
    CHECK(*text == html_to_text_full(h));
    CHECK(html_to_text(h) == *text);
  }
  CHECK(*plain_html_to_text(kPlain[0]) == "Hello Ana,\n\nThanks for the note about project 4, see you on Monday.\n\nBest,\nJon");
  CHECK(*plain_html_to_text(kPlain[6]) == "line one\nline two\nline three\n\nfour");

  for (const char* h : kFull) {
    INFO(h);
    CHECK_FALSE(plain_html_to_text(h));
    CHECK(html_to_text(h) == html_to_text_full(h));
  }
}

TEST_CASE("HtmlTree: read without gumbo, the tree gumbo builds", "[html]") {
  HtmlTree plain, full;
  for (const char* h : kPlain) {
    INFO(h);
    REQUIRE(plain.read_plain(h));
    full.read_full(h);
    INFO("plain:\n" << plain.describe() << "full:\n" << full.describe());
    CHECK(plain == full);
  }
  for (const char* h : kFull) {
    INFO(h);
    CHECK_FALSE(plain.read_plain(h));
    plain.read(h);
    full.read_full(h);
    CHECK(plain == full);
  }
  // What the trees hold: attributes decoded (the first of a repeated one), text nodes apart from
  // white-space-only ones, <br> as a line break in text_of.
  REQUIRE(plain.read_plain(kPlain[15]));
  CHECK(plain.class_attr(1) == "a  b");
  CHECK(plain.href(1) == "x&y\xC3\xA9");
  REQUIRE(plain.read_plain(kPlain[16]));
  CHECK(plain.href(1) == "https://example.org/?q=a&b=2&c=3&=A&");
  CHECK(plain.text(2) == "AT&T &= \t");
  REQUIRE(plain.read_plain(kPlain[19]));
  CHECK(plain.size() == 10);  // root, div, "\n  ", p, "x", "\n  ", b, " ", "\n" (from CR LF), and "\n" after the div
  std::string kinds;
  for (uint32_t k = 0; k < plain.size(); ++k)
    kinds += "etwo"[static_cast<int>(plain[k].kind)];
  CHECK(kinds == "eewetwewww");
  CHECK(plain[1].first_child == 2);
  CHECK(plain[1].end == 9);
  CHECK(plain[9].parent == HtmlTree::root);
  CHECK(plain[3].end == 5);
  std::string text;
  REQUIRE(plain.read_plain(kPlain[20]));
  plain.text_of(HtmlTree::root, text);
  CHECK(text == "Products:\n\xE2\x80\x83YouTube\xE2\x80\x82\xE2\x80\x89x");
}

TEST_CASE("HtmlTree: classes by whole word, text in order, script and style left out", "[html]") {
  HtmlTree t;
  t.read("<div class=\"outer-cell mdl-cell\" id=a><p class=\"outer-cellx\">x<b>y</b></p>"
         "<p class=\"pre  outer-cell\">z<br>w</p><p class=\"\">v</p><p>u<script>s()</script><style>q</style></p></div>");
  auto texts = [&](std::string_view cls) {
    std::string got;
    for (uint32_t k = 0; k < t.size(); ++k)
      if (t.has_class(k, cls)) {
        t.text_of(k, got);
        got += "|";
      }
    return got;
  };
  // The first word, the last after two spaces; never a word that only begins with it.
  CHECK(texts("outer-cell") == "xyz\nwvu|z\nw|");
  CHECK(texts("mdl-cell") == "xyz\nwvu|");
  CHECK(texts("cell") == "");
  CHECK(texts("outer-cellx") == "xy|");
  CHECK(texts("pre") == "z\nw|");
}

// Random markup from pieces that are plain, pieces that are not and pieces that are plain only
// in some places: whenever read_plain takes a fragment, its tree is gumbo's.
TEST_CASE("HtmlTree: read_plain agrees with gumbo on random markup", "[html]") {
  const char* pieces[] = {"<p>", "</p>", "<div class=\"a b\">", "</div>", "<a href=\"u&amp;v?x=1&y\">", "</a>",
                          "<b>", "</b>", "<br>", "<span>", "</span>", "<i class=c>", "</i>", "text", " ", "\n",
                          "&emsp;", "&amp;", "&#233;", "<", "&", "\r\n", "\xC3\xA9", "<!-- c -->", "<table>",
                          "&copy", "</br>", "<br/>", "<p/>", "&#x80;", "\t", "</body>", "&hellip;", "&a;"};
  std::mt19937 rng(15);
  HtmlTree plain, full;
  int taken = 0, n = 4000;
  for (int round = 0; round < n; ++round) {
    std::string h;
    int len = static_cast<int>(rng() % 10) + 1;
    for (int k = 0; k < len; ++k) h += pieces[rng() % std::size(pieces)];
    if (!plain.read_plain(h)) continue;
    ++taken;
    full.read_full(h);
    INFO(h << "\nplain:\n" << plain.describe() << "full:\n" << full.describe());
    REQUIRE(plain == full);
  }
  // Both sides of the fallback are exercised, not only one.
  CHECK(taken > n / 10);
  CHECK(taken < n * 9 / 10);
}
