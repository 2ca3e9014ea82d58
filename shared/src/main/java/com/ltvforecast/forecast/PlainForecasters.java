package com.ltvforecast.forecast;

import java.nio.file.Path;

/**
 * Loads every forecaster kind for scoring in plain Java, with no DJL engine: {@code btyd} ({@link
 * BtydForecaster}), {@code network} ({@link PlainNetworkForecaster}, from the description exported
 * at training time) and {@code blend} (of any of these). The API serves through it.
 */
public final class PlainForecasters {

  private PlainForecasters() {}

  public static Forecaster load(Path dir) {
    if (!ForecasterFiles.isForecaster(dir)) {
      throw new ForecasterLoadException(
          "no "
              + ForecasterFiles.FILE
              + " in "
              + dir
              + ": a version from before the"
              + " forecaster seam (a bare DJL ensemble), which only DJL can score; retrain it",
          null);
    }
    String kind = ForecasterFiles.kind(dir);
    return switch (kind) {
      case BtydForecaster.KIND -> BtydForecaster.load(dir);
      case NetworkForecaster.KIND -> PlainNetworkForecaster.load(dir);
      case BlendForecaster.KIND -> BlendForecaster.load(dir, PlainForecasters::load);
      default ->
          throw new ForecasterLoadException(
              "unknown forecaster kind '" + kind + "' in " + dir.resolve(ForecasterFiles.FILE),
              null);
    };
  }
}
