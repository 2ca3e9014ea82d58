package com.ltvforecast.curated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestTest {

  private static Manifest withSequencer(String sequencer) {
    return new Manifest(
        Manifest.FORMAT_VERSION,
        "raw/x.csv",
        "etag",
        null,
        sequencer,
        Manifest.Status.PUBLISHED,
        null,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        Instant.EPOCH);
  }

  /**
   * The S3 event docs: right-pad the shorter sequencer with zeros, then compare lexicographically.
   */
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "00A2, 00A10, 1", // left-padding would say 000A2 < 00A10
    "00A10, 00A2, -1",
    "0055AED6DCD90281E5, 0055AED6DCD90281E500, 0", // equal once padded
    "0055AED6DCD90281E6, 0055AED6DCD90281E5FF, 1",
    "0055AED6DCD90281E5, 0055AED6DCD90281E6, -1",
    "0055aed6dcd90281e6, 0055AED6DCD90281E5, 1", // hex case does not matter
    "1, 0FFFFFFFFFFF, 1"
  })
  void compareSequencers_shouldRightPadShorter(String a, String b, int sign) {
    assertEquals(sign, Integer.signum(Manifest.compareSequencers(a, b)));
  }

  @Test
  void isNewerThan_shouldCompareRightPadded_whenLengthsDiffer() {
    assertTrue(withSequencer("00A2").isNewerThan("00A10"));
    assertFalse(withSequencer("00A10").isNewerThan("00A2"));
    assertFalse(withSequencer("00A2").isNewerThan("00A200"), "equal after padding is not newer");
    assertFalse(withSequencer(null).isNewerThan("00A2"));
    assertFalse(withSequencer("00A2").isNewerThan(null));
  }
}
