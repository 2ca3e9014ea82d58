package com.ltvforecast.forward;

import com.ltvforecast.model.ModelException;
import com.ltvforecast.model.Prediction;
import com.ltvforecast.model.Predictions;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The network ensemble's forward pass in plain Java over its {@link NetworkWeights}: what the API
 * serves with, with no DJL engine and no libtorch. Float32 arithmetic like the network's (the
 * normaliser in float64, as {@link com.ltvforecast.model.FeatureNormaliser#apply}); each member's
 * spend and churn in float64, averaged over the members.
 *
 * <p>Weights are kept transposed ({@code [in][out]}, flat), so a dense layer is a sequence of
 * {@code out += w_i * x_i} over contiguous rows, which the JIT vectorises.
 *
 * <p>Thread-safety: immutable; {@link #predict} may be called concurrently.
 */
public final class PlainNetwork {

  private final NetworkWeights weights;
  private final int inputs;
  private final int[] units;
  private final Layer[][] layers;
  private final double[][] mean;
  private final double[][] std;
  private final double[] spendScale;
  private final float[][] spendHead;
  private final float[] spendBias;
  private final float[][] churnHead;
  private final float[] churnBias;

  /** One dense layer, transposed: {@code w[i * out + o]}. */
  private record Layer(float[] w, float[] b, int in, int out) {}

  public PlainNetwork(NetworkWeights weights) {
    this.weights = weights;
    List<NetworkWeights.Member> members = weights.members();
    int m = members.size();
    this.inputs = weights.inputs();
    this.units = weights.units();
    this.layers = new Layer[m][units.length];
    this.mean = new double[m][];
    this.std = new double[m][];
    this.spendScale = new double[m];
    this.spendHead = new float[m][];
    this.spendBias = new float[m];
    this.churnHead = new float[m][];
    this.churnBias = new float[m];
    for (int k = 0; k < m; k++) {
      NetworkWeights.Member member = members.get(k);
      for (int l = 0; l < units.length; l++) {
        float[][] w = member.weights()[l];
        int out = w.length;
        int in = w[0].length;
        float[] t = new float[in * out];
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            t[i * out + o] = w[o][i];
          }
        }
        layers[k][l] = new Layer(t, member.biases()[l].clone(), in, out);
      }
      mean[k] = member.normaliser().mean();
      std[k] = member.normaliser().std();
      spendScale[k] = member.spendScale();
      spendHead[k] = member.spendHead();
      spendBias[k] = member.spendBias();
      churnHead[k] = member.churnHead();
      churnBias[k] = member.churnBias();
    }
  }

  public NetworkWeights weights() {
    return weights;
  }

  public int members() {
    return layers.length;
  }

  public int inputs() {
    return inputs;
  }

  /** The ensemble average for one input row, laid out as the network's input names. */
  public Prediction predict(double[] row) {
    return average(row, 0);
  }

  private Prediction average(double[] row, int index) {
    double[] transformed = transform(row, index);
    float[][] scratch = scratch();
    double spend = 0;
    double churn = 0;
    for (int k = 0; k < layers.length; k++) {
      float[] last = hidden(k, transformed, scratch);
      spend += spendScale[k] * Math.exp(dot(spendHead[k], spendBias[k], last));
      churn += sigmoid(dot(churnHead[k], churnBias[k], last));
    }
    return new Prediction(spend / layers.length, churn / layers.length);
  }

  /** Member {@code k}'s own forecast for one row (parity checks against each DJL member). */
  public Prediction member(int k, double[] row) {
    if (k < 0 || k >= layers.length) {
      throw new ModelException("member " + k + " of " + layers.length);
    }
    float[] last = hidden(k, transform(row, 0), scratch());
    return new Prediction(spendScale[k] * Math.exp(dot(spendHead[k], spendBias[k], last)),
        sigmoid(dot(churnHead[k], churnBias[k], last)));
  }

  /** The ensemble average for each row. */
  public Predictions predict(double[][] rows) {
    return predict(rows, UnaryOperator.identity());
  }

  /** The ensemble average for the row {@code toRow} builds from each item (large batches in parallel chunks). */
  public Predictions predict(double[][] items, UnaryOperator<double[]> toRow) {
    return Predictions.byRow(items.length, (i, spend, churn) -> {
      Prediction p = average(toRow.apply(items[i]), i);
      spend[i] = p.spend();
      churn[i] = p.churnProbability();
    });
  }

  /** Signed log1p of each column, checking the row's width and values. */
  private double[] transform(double[] row, int index) {
    if (row.length != inputs) {
      throw new ModelException("row " + index + " has " + row.length + " columns, expected " + inputs);
    }
    double[] t = new double[inputs];
    for (int c = 0; c < inputs; c++) {
      double x = row[c];
      if (!Double.isFinite(x)) {
        throw new ModelException("row " + index + " has a non-finite value: " + x);
      }
      t[c] = Math.signum(x) * Math.log1p(Math.abs(x));
    }
    return t;
  }

  private float[][] scratch() {
    float[][] scratch = new float[units.length + 1][];
    scratch[0] = new float[inputs];
    for (int l = 0; l < units.length; l++) {
      scratch[l + 1] = new float[units[l]];
    }
    return scratch;
  }

  /** Member k's last hidden activations for a transformed row. */
  private float[] hidden(int k, double[] transformed, float[][] scratch) {
    float[] x = scratch[0];
    double[] mu = mean[k];
    double[] sigma = std[k];
    for (int c = 0; c < inputs; c++) {
      x[c] = (float) ((transformed[c] - mu[c]) / sigma[c]);
    }
    for (int l = 0; l < units.length; l++) {
      Layer layer = layers[k][l];
      float[] out = scratch[l + 1];
      System.arraycopy(layer.b, 0, out, 0, layer.out);
      float[] w = layer.w;
      int width = layer.out;
      for (int i = 0; i < layer.in; i++) {
        float xi = x[i];
        int base = i * width;
        for (int o = 0; o < width; o++) {
          out[o] += w[base + o] * xi;
        }
      }
      for (int o = 0; o < width; o++) {
        out[o] = Math.max(0f, out[o]);
      }
      x = out;
    }
    return x;
  }

  private static float dot(float[] w, float b, float[] x) {
    float sum = b;
    for (int i = 0; i < x.length; i++) {
      sum += w[i] * x[i];
    }
    return sum;
  }

  private static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
