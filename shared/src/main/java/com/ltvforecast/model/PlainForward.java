package com.ltvforecast.model;

import java.util.List;
import java.util.Objects;

/**
 * The same forward pass as {@link LtvModel#predict}, in plain Java over weights exported from the
 * network. It exists to measure the floor under a DJL call (a 16-64-32-2 MLP is a few thousand
 * multiply-adds, about a microsecond) and to check the two agree; it is not used to serve.
 */
public final class PlainForward {

  /** One member: dense layers as {@code weights[layer][out][in]} and {@code biases[layer][out]}, relu between. */
  record Member(FeatureNormaliser normaliser, double spendScale, float[][][] weights, float[][] biases,
      float[][] spendHead, float[] spendBias, float[][] churnHead, float[] churnBias) {}

  private final List<Member> members;

  PlainForward(List<Member> members) {
    this.members = List.copyOf(Objects.requireNonNull(members, "members"));
    if (this.members.isEmpty()) {
      throw new ModelException("a plain forward pass needs at least one member");
    }
  }

  public int members() {
    return members.size();
  }

  /** The ensemble average for one input row, laid out as {@link ModelSpec#inputNames()}. */
  public Prediction predict(double[] row) {
    double spend = 0;
    double churn = 0;
    double[][] rows = {row};
    for (Member m : members) {
      float[] x = m.normaliser().apply(rows, 0, 1);
      for (int layer = 0; layer < m.weights().length; layer++) {
        x = relu(dense(m.weights()[layer], m.biases()[layer], x));
      }
      spend += m.spendScale() * Math.exp(dense(m.spendHead(), m.spendBias(), x)[0]);
      churn += 1.0 / (1.0 + Math.exp(-dense(m.churnHead(), m.churnBias(), x)[0]));
    }
    return new Prediction(spend / members.size(), churn / members.size());
  }

  private static float[] dense(float[][] w, float[] b, float[] x) {
    float[] out = new float[w.length];
    for (int o = 0; o < w.length; o++) {
      float[] row = w[o];
      float sum = b[o];
      for (int i = 0; i < x.length; i++) {
        sum += row[i] * x[i];
      }
      out[o] = sum;
    }
    return out;
  }

  private static float[] relu(float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(0f, x[i]);
    }
    return x;
  }
}
