package com.ltvforecast.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saving and loading every forecaster kind as one artifact directory: {@code forecaster.json} names
 * the kind, the kind's own files sit beside it. The kinds are those of the registered candidates
 * ({@link Candidates#defaults()}) plus {@link BlendForecaster}.
 */
public final class Forecasters {

  public static final String FILE = "forecaster.json";

  private Forecasters() {}

  public static void save(Forecaster forecaster, Path dir) {
    try {
      Files.createDirectories(dir);
      forecaster.saveContent(dir);
      Map<String, Object> head = new LinkedHashMap<>();
      head.put("kind", forecaster.kind());
      head.put("horizon_days", forecaster.horizonDays());
      Files.write(dir.resolve(FILE), Json.bytes(head));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save forecaster to " + dir, e);
    }
  }

  /** True when {@code dir} holds a forecaster saved by {@link #save}. */
  public static boolean isForecaster(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  public static Forecaster load(Path dir) {
    return load(dir, Candidates.defaults());
  }

  /** Loads with the kinds of {@code known} candidates (and blends of them). */
  public static Forecaster load(Path dir, List<Candidate> known) {
    String kind;
    try {
      JsonNode head = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(FILE)));
      kind = head.path("kind").asText("");
    } catch (IOException e) {
      throw new ForecasterLoadException("cannot read " + dir.resolve(FILE), e);
    }
    if (kind.equals(BlendForecaster.KIND)) {
      return BlendForecaster.load(dir, known);
    }
    for (Candidate candidate : known) {
      if (candidate.kind().equals(kind)) {
        return candidate.load(dir);
      }
    }
    throw new ForecasterLoadException("unknown forecaster kind '" + kind + "' in " + dir.resolve(FILE), null);
  }
}
