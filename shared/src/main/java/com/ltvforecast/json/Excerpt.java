package com.ltvforecast.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A short excerpt of a value to echo in an error message or a log line, so that a huge or hostile
 * event field cannot flood either: at most {@value #MAX_CHARS} characters, cut with "...".
 */
public final class Excerpt {

  public static final int MAX_CHARS = 80;

  private Excerpt() {}

  /** The text, cut to {@value #MAX_CHARS} characters. */
  public static String of(String text) {
    return of(text, MAX_CHARS);
  }

  /** The text, cut to {@code maxChars} characters (at least 4). */
  public static String of(String text, int maxChars) {
    if (text == null) {
      return "null";
    }
    return text.length() > maxChars ? text.substring(0, maxChars - 3) + "..." : text;
  }

  /** A JSON value as JSON text, cut to {@value #MAX_CHARS} characters; "nothing" when absent. */
  public static String of(JsonNode node) {
    return node == null || node.isMissingNode() ? "nothing" : of(node.toString());
  }
}
