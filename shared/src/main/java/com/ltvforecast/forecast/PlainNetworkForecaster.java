package com.ltvforecast.forecast;

import com.ltvforecast.forward.NetworkWeights;
import com.ltvforecast.forward.PlainNetwork;
import com.ltvforecast.model.Predictions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code network} kind scored in plain Java: the artifact's {@link NetworkWeights} (in {@code
 * network/}) through {@link PlainNetwork}, with the BG/NBD parameters its input rows are built with
 * ({@code btyd.json}), as {@link NetworkForecaster} scores it with DJL. Load-only: training saves
 * networks.
 */
public final class PlainNetworkForecaster implements Forecaster {

  private final PlainNetwork network;
  private final BtydForecaster inputs;

  public PlainNetworkForecaster(PlainNetwork network, BtydForecaster inputs) {
    this.network = Objects.requireNonNull(network, "network");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  public static PlainNetworkForecaster load(Path dir) {
    BtydForecaster inputs = BtydForecaster.load(dir);
    return new PlainNetworkForecaster(
        new PlainNetwork(NetworkWeights.load(dir.resolve(NetworkForecaster.NETWORK_DIR))), inputs);
  }

  public PlainNetwork network() {
    return network;
  }

  @Override
  public String kind() {
    return NetworkForecaster.KIND;
  }

  @Override
  public int horizonDays() {
    return inputs.horizonDays();
  }

  @Override
  public int networkMembers() {
    return network.members();
  }

  @Override
  public Predictions predict(double[][] features) {
    return network.predict(features, inputs.inputs()::row);
  }

  @Override
  public void saveContent(Path dir) {
    throw new UnsupportedOperationException(
        "a network loaded for plain-Java serving is not saved; training saves"
            + " the DJL network with its description");
  }
}
