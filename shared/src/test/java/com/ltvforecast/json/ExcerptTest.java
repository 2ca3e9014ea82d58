package com.ltvforecast.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ExcerptTest {

  @Test
  void of_shouldKeepShortTextAndCutLongTextToTheLimit() {
    assertEquals("short", Excerpt.of("short"));
    assertEquals("x".repeat(80), Excerpt.of("x".repeat(80)));
    assertEquals("x".repeat(77) + "...", Excerpt.of("x".repeat(1_000_000)));
    assertEquals("abcd...", Excerpt.of("abcdefgh", 7));
    assertEquals("null", Excerpt.of((String) null));
  }

  @Test
  void of_shouldEchoJsonAsJsonText_andSayNothingWhenAbsent() {
    assertEquals("\"a\\\"b\"", Excerpt.of(new TextNode("a\"b")));
    assertEquals("nothing", Excerpt.of(MissingNode.getInstance()));
    assertEquals("nothing", Excerpt.of((com.fasterxml.jackson.databind.JsonNode) null));
  }
}
