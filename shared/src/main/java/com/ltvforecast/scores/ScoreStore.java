package com.ltvforecast.scores;

import java.util.List;
import java.util.Optional;

/** The port to ScoreTable: daily batch scores, written by precompute and read by the API. */
public interface ScoreStore {

  Optional<Score> get(String customerId);

  /** Writes every score or throws {@link com.ltvforecast.dynamo.IncompleteWriteException} naming how many were not. */
  void putAll(List<Score> scores);
}
