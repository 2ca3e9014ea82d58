package com.ltvforecast.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The artifact directory of a forecaster of any kind: {@code forecaster.json} names the kind, the
 * kind's own files sit beside it. Saving and reading the kind need no DJL; loading is {@link
 * Forecasters} (with DJL, for training and precompute) or {@link PlainForecasters} (plain Java, for
 * the API).
 */
public final class ForecasterFiles {

  public static final String FILE = "forecaster.json";

  private ForecasterFiles() {}

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

  /** The kind {@code forecaster.json} in {@code dir} names. */
  public static String kind(Path dir) {
    JsonNode head;
    try {
      head = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(FILE)));
    } catch (IOException e) {
      throw new ForecasterLoadException("cannot read " + dir.resolve(FILE), e);
    }
    String kind = head.path("kind").asText("");
    if (kind.isBlank()) {
      throw new ForecasterLoadException(dir.resolve(FILE) + " names no kind", null);
    }
    return kind;
  }
}
