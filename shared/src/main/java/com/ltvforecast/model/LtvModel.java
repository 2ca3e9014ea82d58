package com.ltvforecast.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import com.ltvforecast.forward.NetworkWeights;
import com.ltvforecast.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained network with its normaliser. Takes and returns plain Java values; tensors never leave
 * this package.
 *
 * <p>Thread-safety: {@link #predict} is {@code synchronized}. The underlying block and parameter
 * store are not documented as thread-safe (just like a DJL {@code Predictor}), so one instance
 * serialises its callers; throughput comes from batching rows, not from threads. Callers that need
 * parallel scoring load one instance per thread. {@link #close()} frees native memory.
 */
public final class LtvModel implements AutoCloseable {

  static final String ENGINE = "PyTorch";
  static final String PARAMETERS_FILE = "parameters.bin";
  static final String SPEC_FILE = "model.json";

  /** Rows per forward pass: bounds native memory while keeping the per-call overhead negligible. */
  static final int PREDICT_CHUNK = 16_384;

  private final Model model;
  private final ModelSpec spec;
  private final ParameterStore parameterStore;
  private boolean closed;

  LtvModel(Model model, ModelSpec spec) {
    this.model = Objects.requireNonNull(model, "model");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.parameterStore = new ParameterStore(model.getNDManager(), false);
  }

  /** A fresh, uninitialised model holding the architecture described by {@code spec}. */
  static Model newDjlModel(ModelSpec spec) {
    EngineDefaults.apply();
    Model model = Model.newInstance("ltv", ENGINE);
    model.setBlock(LtvNetwork.block(spec.inputs(), spec.hiddenLayers(), spec.dropout()));
    return model;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Forecasts for each row of {@code features}, laid out as {@link ModelSpec#inputNames()}. */
  public synchronized Predictions predict(double[][] features) {
    ensureOpen();
    int n = features.length;
    int d = spec.inputs();
    double[] spend = new double[n];
    double[] churn = new double[n];
    Block block = model.getBlock();
    for (int from = 0; from < n; from += PREDICT_CHUNK) {
      int to = Math.min(n, from + PREDICT_CHUNK);
      float[] x = spec.normaliser().apply(features, from, to);
      // The sub-manager owns every intermediate tensor of this chunk and frees them on exit.
      try (NDManager batch = model.getNDManager().newSubManager()) {
        NDList out =
            block.forward(
                parameterStore, new NDList(batch.create(x, new Shape(to - from, d))), false);
        float[] logRate = out.get(0).toFloatArray();
        float[] logit = out.get(1).toFloatArray();
        for (int i = 0; i < to - from; i++) {
          spend[from + i] = spec.spendScale() * Math.exp(logRate[i]);
          churn[from + i] = 1.0 / (1.0 + Math.exp(-logit[i]));
        }
      }
    }
    return new Predictions(spend, churn);
  }

  /** The forecast for one row. */
  public Prediction predict(double[] features) {
    return predict(new double[][] {features}).get(0);
  }

  /** Writes {@code parameters.bin} and {@code model.json} into {@code dir} (created if needed). */
  public synchronized void save(Path dir) {
    ensureOpen();
    try {
      Files.createDirectories(dir);
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS_FILE))))) {
        model.getBlock().saveParameters(out);
      }
      Files.write(dir.resolve(SPEC_FILE), Json.bytes(spec));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model to " + dir, e);
    }
  }

  /** Loads a model written by {@link #save}. */
  public static LtvModel load(Path dir) {
    ModelSpec spec;
    try {
      spec = Json.read(Files.readAllBytes(dir.resolve(SPEC_FILE)), ModelSpec.class);
    } catch (IOException | UncheckedIOException e) {
      throw new ModelLoadException("cannot read " + dir.resolve(SPEC_FILE), e);
    }
    Model model = newDjlModel(spec);
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS_FILE))))) {
      model
          .getBlock()
          .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputs()));
      model.getBlock().loadParameters(model.getNDManager(), in);
      return new LtvModel(model, spec);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new ModelLoadException(
          "cannot load parameters from " + dir.resolve(PARAMETERS_FILE), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ModelException("model is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  /**
   * This member's description for {@link NetworkWeights}: the trunk's dense layers in order, then
   * the spend and churn heads, as {@link LtvNetwork} builds them.
   */
  synchronized NetworkWeights.Member weights() {
    ensureOpen();
    List<float[][]> weights = new ArrayList<>();
    List<float[]> biases = new ArrayList<>();
    float[][] heads = new float[2][];
    float[] headBiases = new float[2];
    int h = 0;
    for (Block child : model.getBlock().getChildren().values()) {
      if (child instanceof Linear) {
        weights.add(matrix(child));
        biases.add(child.getParameters().get("bias").getArray().toFloatArray());
      } else if (child instanceof ParallelBlock parallel) {
        for (Block head : parallel.getChildren().values()) {
          heads[h] = matrix(head)[0];
          headBiases[h++] = head.getParameters().get("bias").getArray().toFloatArray()[0];
        }
      }
    }
    if (h != 2) {
      throw new ModelException("the network has " + h + " heads, expected 2");
    }
    return new NetworkWeights.Member(
        spec.normaliser(),
        spec.spendScale(),
        weights.toArray(float[][][]::new),
        biases.toArray(float[][]::new),
        heads[0],
        headBiases[0],
        heads[1],
        headBiases[1]);
  }

  private static float[][] matrix(Block linear) {
    NDArray w = linear.getParameters().get("weight").getArray();
    int out = (int) w.getShape().get(0);
    int in = (int) w.getShape().get(1);
    float[] flat = w.toFloatArray();
    float[][] m = new float[out][in];
    for (int o = 0; o < out; o++) {
      System.arraycopy(flat, o * in, m[o], 0, in);
    }
    return m;
  }

  /** Raw parameter values, for tests that compare two models. */
  synchronized float[][] parameterValues() {
    return model.getBlock().getParameters().values().stream()
        .map(p -> p.getArray().toFloatArray())
        .toArray(float[][]::new);
  }
}
