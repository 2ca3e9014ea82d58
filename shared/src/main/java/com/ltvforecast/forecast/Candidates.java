package com.ltvforecast.forecast;

import java.util.List;

/**
 * The registered candidates, simplest first (selection prefers the earlier one unless a later one
 * is clearly better).
 */
public final class Candidates {

  private Candidates() {}

  public static List<Candidate> defaults() {
    return List.of(new BtydCandidate(), new NetworkCandidate());
  }
}
