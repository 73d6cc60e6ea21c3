#include <catch2/catch.hpp>

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
}
