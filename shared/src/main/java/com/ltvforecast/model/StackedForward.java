package com.ltvforecast.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.ltvforecast.forward.NetworkWeights;
import java.util.List;

/**
 * The ensemble's forward pass with its members stacked: one batched matmul per layer scores every
 * member at once, instead of one small matmul per member and layer. The normaliser (signed log1p,
 * then standardisation, as {@link FeatureNormaliser#apply}) runs in the same chain on the whole
 * batch, in the network's float32: the inputs differ from the training path's by float rounding
 * only.
 *
 * <p>Shapes, with M members and n rows: input (n, d); hidden layer l (M, n, h_l); heads (M, n, 2);
 * spend and churn are averaged over M in float64. Dropout is the identity at inference, so the
 * stacked weights are the members' dense layers only.
 *
 * <p>Thread-safety: {@link #predict} only reads the stacked weights and keeps every intermediate
 * tensor in its own sub-manager, so threads may call it concurrently.
 */
final class StackedForward implements AutoCloseable {

  private final NDManager manager;
  private final int width;
  private final NDArray mean;
  private final NDArray std;
  private final NDArray lower;
  private final NDArray upper;
  private final NDArray[] weights;
  private final NDArray[] biases;
  private final NDArray heads;
  private final NDArray headBiases;
  private final NDArray spendScale;

  private StackedForward(
      NDManager manager,
      int width,
      NDArray mean,
      NDArray std,
      NDArray lower,
      NDArray upper,
      NDArray[] weights,
      NDArray[] biases,
      NDArray heads,
      NDArray headBiases,
      NDArray spendScale) {
    this.manager = manager;
    this.width = width;
    this.mean = mean;
    this.std = std;
    this.lower = lower;
    this.upper = upper;
    this.weights = weights;
    this.biases = biases;
    this.heads = heads;
    this.headBiases = headBiases;
    this.spendScale = spendScale;
  }

  /**
   * Stacks the members of a description (one architecture, checked there); their normalisers may
   * differ.
   */
  static StackedForward of(NetworkWeights network) {
    List<NetworkWeights.Member> members = network.members();
    NetworkWeights.Member first = members.get(0);
    int m = members.size();
    int d = network.inputs();
    int layers = first.weights().length;
    EngineDefaults.apply();
    NDManager manager = NDManager.newBaseManager(LtvModel.ENGINE);
    try {
      NDArray[] weights = new NDArray[layers];
      NDArray[] biases = new NDArray[layers];
      for (int l = 0; l < layers; l++) {
        int out = first.weights()[l].length;
        int in = first.weights()[l][0].length;
        float[] w = new float[m * in * out];
        float[] b = new float[m * out];
        for (int k = 0; k < m; k++) {
          transposeInto(members.get(k).weights()[l], w, k * in * out);
          System.arraycopy(members.get(k).biases()[l], 0, b, k * out, out);
        }
        weights[l] = manager.create(w, new Shape(m, in, out));
        biases[l] = manager.create(b, new Shape(m, 1, out));
      }
      int last = first.spendHead().length;
      float[] h = new float[m * last * 2];
      float[] hb = new float[m * 2];
      double[] scale = new double[m];
      for (int k = 0; k < m; k++) {
        NetworkWeights.Member member = members.get(k);
        for (int i = 0; i < last; i++) {
          h[(k * last + i) * 2] = member.spendHead()[i];
          h[(k * last + i) * 2 + 1] = member.churnHead()[i];
        }
        hb[k * 2] = member.spendBias();
        hb[k * 2 + 1] = member.churnBias();
        scale[k] = member.spendScale();
      }
      boolean shared =
          members.stream().allMatch(member -> member.normaliser().equals(first.normaliser()));
      float[] means = new float[(shared ? 1 : m) * d];
      float[] stds = new float[means.length];
      float[] lowers = new float[means.length];
      float[] uppers = new float[means.length];
      for (int k = 0; k < (shared ? 1 : m); k++) {
        FeatureNormaliser normaliser = members.get(k).normaliser();
        for (int c = 0; c < d; c++) {
          means[k * d + c] = (float) normaliser.mean()[c];
          stds[k * d + c] = (float) normaliser.std()[c];
          lowers[k * d + c] = (float) normaliser.lower()[c];
          uppers[k * d + c] = (float) normaliser.upper()[c];
        }
      }
      // One shared normaliser broadcasts as (1, d); several give (M, 1, d), one normalised input
      // per member.
      Shape statShape = shared ? new Shape(1, d) : new Shape(m, 1, d);
      return new StackedForward(
          manager,
          d,
          manager.create(means, statShape),
          manager.create(stds, statShape),
          manager.create(lowers, statShape),
          manager.create(uppers, statShape),
          weights,
          biases,
          manager.create(h, new Shape(m, last, 2)),
          manager.create(hb, new Shape(m, 1, 2)),
          manager.create(scale, new Shape(m, 1)));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The ensemble average for one chunk of rows, which starts at index {@code offset} of its batch:
   * row r is reported as {@code offset + r} and its forecasts are written to {@code spend} and
   * {@code churn} at that index.
   */
  void predict(double[][] rows, int offset, double[] spend, double[] churn) {
    int n = rows.length;
    float[] flat = new float[n * width];
    for (int r = 0; r < n; r++) {
      FeatureNormaliser.checkWidth(rows[r], width, offset + r);
      double[] row = rows[r];
      int base = r * width;
      for (int c = 0; c < width; c++) {
        flat[base + c] = (float) row[c];
      }
    }
    try (NDManager batch = manager.newSubManager()) {
      NDArray x = batch.create(flat, new Shape(n, width));
      // sign(x) * log1p(|x|), clipped to the training range and standardised; log(1 + |x|) equals
      // log1p to float32 precision. Per-member statistics broadcast to (M, n, d).
      NDArray transformed = x.abs().addi(1).log().muli(x.sign());
      NDArray h = transformed.maximum(lower).minimum(upper).subi(mean).divi(std);
      for (int l = 0; l < weights.length; l++) {
        h = Activation.relu(h.matMul(weights[l]).addi(biases[l]));
      }
      NDArray out = h.matMul(heads).addi(headBiases).toType(DataType.FLOAT64, false);
      double[] averageSpend =
          out.get(":, :, 0").exp().mul(spendScale).mean(new int[] {0}).toDoubleArray();
      double[] averageChurn =
          Activation.sigmoid(out.get(":, :, 1")).mean(new int[] {0}).toDoubleArray();
      System.arraycopy(averageSpend, 0, spend, offset, n);
      System.arraycopy(averageChurn, 0, churn, offset, n);
    }
  }

  private static void transposeInto(float[][] weight, float[] target, int offset) {
    int out = weight.length;
    int in = weight[0].length;
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        target[offset + i * out + o] = weight[o][i];
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
