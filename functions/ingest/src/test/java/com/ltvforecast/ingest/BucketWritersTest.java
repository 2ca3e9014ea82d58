package com.ltvforecast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketWritersTest {

  @Test
  void midnightTexts_shouldEqualInstantToString_forMidnightsOtherInstantsAndSlotCollisions() {
    BucketWriters.MidnightTexts texts = new BucketWriters.MidnightTexts();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200_000; i++) {
      long day = random.nextLong(0, 2_932_897L);
      Instant instant =
          random.nextBoolean()
              ? Instant.ofEpochSecond(day * 86_400L)
              : Instant.ofEpochSecond(day * 86_400L + random.nextLong(1, 86_400L));
      assertEquals(instant.toString(), texts.text(instant));
    }
    // Days 4096 apart share a slot: each must still print as itself.
    for (Instant instant :
        List.of(
            Instant.ofEpochSecond(0),
            Instant.ofEpochSecond(4096 * 86_400L),
            Instant.ofEpochSecond(0),
            Instant.parse("2024-01-02T00:00:00.5Z"),
            Instant.parse("+10000-01-01T00:00:00Z"))) {
      assertEquals(instant.toString(), texts.text(instant));
    }
  }
}
