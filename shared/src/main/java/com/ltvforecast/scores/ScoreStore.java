package com.ltvforecast.scores;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The port to ScoreTable: daily batch scores, written by precompute and read by the API. */
public interface ScoreStore {

  /**
   * The customer's score, or empty when there is none or it has expired ({@code expires_at}
   * passed).
   */
  Optional<Score> get(String customerId);

  /**
   * Writes every score or throws {@link com.ltvforecast.dynamo.IncompleteWriteException} naming how
   * many were not.
   */
  void putAll(List<Score> scores);

  /**
   * Writes each score unless the table holds a newer one for the customer: a later {@code as_of},
   * or the same {@code as_of} from a run started after {@code runStartedAt}. A backfill or a
   * retried shard of an earlier run therefore never replaces today's scores. Stores without that
   * ordering (in-memory test fakes) write unconditionally.
   *
   * @return how many scores were not written because the stored one is newer
   */
  default long putAllIfNewer(List<Score> scores, Instant runStartedAt) {
    putAll(scores);
    return 0;
  }
}
