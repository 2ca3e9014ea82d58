package com.ltvforecast.forecast;

import com.ltvforecast.model.LtvEnsemble;
import com.ltvforecast.registry.ModelMetadata;
import java.nio.file.Path;
import java.util.List;

/**
 * Loading every forecaster kind with DJL (training, precompute): the kinds are those of the
 * registered candidates ({@link Candidates#defaults()}) plus {@link BlendForecaster}. The files are
 * {@link ForecasterFiles}; the API loads the same files in plain Java with {@link
 * PlainForecasters}.
 */
public final class Forecasters {

  public static final String FILE = ForecasterFiles.FILE;

  private Forecasters() {}

  public static void save(Forecaster forecaster, Path dir) {
    ForecasterFiles.save(forecaster, dir);
  }

  /** True when {@code dir} holds a forecaster saved by {@link #save}. */
  public static boolean isForecaster(Path dir) {
    return ForecasterFiles.isForecaster(dir);
  }

  public static Forecaster load(Path dir) {
    return load(dir, Candidates.defaults());
  }

  /**
   * Loads a served model's files with DJL: a forecaster directory, or a bare network ensemble of
   * the versions before the forecaster seam, whose BG/NBD inputs are in the metadata.
   */
  public static Forecaster loadServing(Path files, ModelMetadata metadata) {
    return isForecaster(files)
        ? load(files)
        : new NetworkForecaster(
            LtvEnsemble.load(files),
            new BtydForecaster(
                metadata.bgnbdParams(), metadata.gammaGammaParams(), metadata.horizonDays()));
  }

  /** Loads with the kinds of {@code known} candidates (and blends of them). */
  public static Forecaster load(Path dir, List<Candidate> known) {
    String kind = ForecasterFiles.kind(dir);
    if (kind.equals(BlendForecaster.KIND)) {
      return BlendForecaster.load(dir, component -> load(component, known));
    }
    for (Candidate candidate : known) {
      if (candidate.kind().equals(kind)) {
        return candidate.load(dir);
      }
    }
    throw new ForecasterLoadException(
        "unknown forecaster kind '" + kind + "' in " + dir.resolve(FILE), null);
  }
}
