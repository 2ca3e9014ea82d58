package com.ltvforecast.prediction;

import com.ltvforecast.scores.Score;
import com.ltvforecast.scores.ScoreStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory fake of the {@link ScoreStore} port. */
final class InMemoryScoreStore implements ScoreStore {
  private final Map<String, Score> scores = new ConcurrentHashMap<>();

  @Override
  public Optional<Score> get(String customerId) {
    return Optional.ofNullable(scores.get(customerId));
  }

  @Override
  public void putAll(List<Score> list) {
    list.forEach(s -> scores.put(s.customerId(), s));
  }
}
