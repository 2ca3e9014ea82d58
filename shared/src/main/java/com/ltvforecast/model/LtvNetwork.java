package com.ltvforecast.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/**
 * The architecture, shared by training and loading: an MLP trunk and two linear heads.
 *
 * <p>Output 0 is the log of the expected spend in units of the training mean spend (so spend =
 * scale * exp(out) is non-negative and a zero-initialised head starts at the mean). Output 1 is the
 * churn logit. Both heads read the same trunk because "will buy" and "how much" share most of their
 * signal and CDNOW-sized data is too small for two networks.
 */
public final class LtvNetwork {

  private LtvNetwork() {}

  /** The default architecture for {@code inputs} columns. */
  public static Block block(int inputs) {
    return block(
        inputs, TrainingOptions.defaults().hiddenLayers(), TrainingOptions.defaults().dropout());
  }

  public static Block block(int inputs, List<Integer> hiddenLayers, double dropout) {
    if (inputs < 1) {
      throw new ModelException("a network needs at least one input, got " + inputs);
    }
    SequentialBlock trunk = new SequentialBlock();
    for (int units : hiddenLayers) {
      trunk.add(Linear.builder().setUnits(units).build());
      trunk.add(Activation::relu);
      if (dropout > 0) {
        trunk.add(Dropout.builder().optRate((float) dropout).build());
      }
    }
    ParallelBlock heads =
        new ParallelBlock(
            outputs ->
                new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()),
            List.of(Linear.builder().setUnits(1).build(), Linear.builder().setUnits(1).build()));
    trunk.add(heads);
    return trunk;
  }
}
