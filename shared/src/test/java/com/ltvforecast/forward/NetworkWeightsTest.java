package com.ltvforecast.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.model.FeatureNormaliser;
import com.ltvforecast.model.ModelException;
import com.ltvforecast.model.ModelLoadException;
import com.ltvforecast.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented file layout, its checks, and the plain forward pass against a hand computation.
 */
class NetworkWeightsTest {

  @TempDir Path dir;

  static NetworkWeights.Member member(long seed, int inputs, int... units) {
    Random random = new Random(seed);
    double[] mean = new double[inputs];
    double[] std = new double[inputs];
    double[] lower = new double[inputs];
    double[] upper = new double[inputs];
    for (int c = 0; c < inputs; c++) {
      mean[c] = random.nextGaussian();
      std[c] = 0.5 + random.nextDouble();
      // column 0 has no clip range; the others span the mean plus or minus about two deviations
      lower[c] = c == 0 ? Double.NEGATIVE_INFINITY : mean[c] - 2 * std[c];
      upper[c] = c == 0 ? Double.POSITIVE_INFINITY : mean[c] + 2 * std[c];
    }
    float[][][] w = new float[units.length][][];
    float[][] b = new float[units.length][];
    int in = inputs;
    for (int l = 0; l < units.length; l++) {
      w[l] = new float[units[l]][in];
      b[l] = new float[units[l]];
      for (int o = 0; o < units[l]; o++) {
        b[l][o] = (float) random.nextGaussian() * 0.1f;
        for (int i = 0; i < in; i++) {
          w[l][o][i] = (float) random.nextGaussian() * 0.3f;
        }
      }
      in = units[l];
    }
    float[] spend = new float[in];
    float[] churn = new float[in];
    for (int i = 0; i < in; i++) {
      spend[i] = (float) random.nextGaussian() * 0.2f;
      churn[i] = (float) random.nextGaussian() * 0.2f;
    }
    return new NetworkWeights.Member(
        new FeatureNormaliser(mean, std, lower, upper), 10 + seed, w, b, spend, 0.1f, churn, -0.2f);
  }

  static NetworkWeights network() {
    return new NetworkWeights(List.of(member(1, 4, 8, 3), member(2, 4, 8, 3)));
  }

  private static byte[] bytes(NetworkWeights weights) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    weights.write(out);
    return out.toByteArray();
  }

  @Test
  void saveAndLoad_shouldRoundTripEveryValue_inTheDocumentedLayout() throws IOException {
    NetworkWeights weights = network();
    weights.save(dir);
    assertEquals(weights, NetworkWeights.load(dir));
    // header: magic, version, members, inputs, layers, units; then member 0's spend scale
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(NetworkWeights.FILE)));
    assertEquals(0x4C545657, header.getInt());
    assertEquals(2, header.getInt());
    assertEquals(2, header.getInt());
    assertEquals(4, header.getInt());
    assertEquals(2, header.getInt());
    assertEquals(8, header.getInt());
    assertEquals(3, header.getInt());
    assertEquals(11.0, header.getDouble());
    // size: header 7 ints, then per member 8 bytes + 4*4 doubles (mean, std, clip range) + (8*4 +
    // 8 + 3*8 + 3 + 3 + 1 + 3 + 1) floats
    assertEquals(
        7 * 4 + 2 * (8 + 16 * 8 + 4 * (32 + 8 + 24 + 3 + 3 + 1 + 3 + 1)), header.capacity());
  }

  @Test
  void read_shouldReadAFormat1File_asNormalisersWithoutAClipRange() throws IOException {
    // given the same network in format 1: no clip range after each member's std
    NetworkWeights weights = network();
    byte[] v2 = bytes(weights);
    int d = 4;
    int member = 8 + 4 * d * 8 + 4 * (32 + 8 + 24 + 3 + 3 + 1 + 3 + 1);
    ByteArrayOutputStream v1 = new ByteArrayOutputStream();
    v1.write(v2, 0, 7 * 4);
    for (int k = 0; k < 2; k++) {
      int at = 7 * 4 + k * member;
      v1.write(v2, at, 8 + 2 * d * 8);
      v1.write(v2, at + 8 + 4 * d * 8, member - 8 - 4 * d * 8);
    }
    byte[] old = v1.toByteArray();
    ByteBuffer.wrap(old).putInt(4, 1);
    // when it is read
    NetworkWeights read = NetworkWeights.read(new ByteArrayInputStream(old));
    // then every value but the clip range is the same, and nothing is clipped
    for (int k = 0; k < 2; k++) {
      FeatureNormaliser n = read.members().get(k).normaliser();
      assertArrayEquals(weights.members().get(k).normaliser().mean(), n.mean());
      assertArrayEquals(weights.members().get(k).normaliser().std(), n.std());
      for (int c = 0; c < d; c++) {
        assertEquals(Double.NEGATIVE_INFINITY, n.lower()[c]);
        assertEquals(Double.POSITIVE_INFINITY, n.upper()[c]);
      }
      assertArrayEquals(weights.members().get(k).spendHead(), read.members().get(k).spendHead());
    }
  }

  @Test
  void read_shouldRefuseWithAClearReason_whenTheFileIsMalformed() throws IOException {
    byte[] good = bytes(network());
    assertRefused(Arrays.copyOf(good, good.length - 3), "truncated");
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertRefused(longer, "unexpected bytes");
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertRefused(magic, "not a network weights file");
    byte[] version = good.clone();
    version[7] = 9;
    assertRefused(version, "format version 9");
    byte[] members = good.clone();
    members[11] = 0;
    assertRefused(members, "members must be 1..100, got 0");
    byte[] nan = good.clone();
    ByteBuffer.wrap(nan).putFloat(good.length - 4, Float.NaN);
    assertRefused(nan, "non-finite");
    byte[] std = good.clone();
    ByteBuffer.wrap(std).putDouble(7 * 4 + 8 + 4 * 8, -1.0);
    assertRefused(std, "invalid mean/std");
    byte[] range = good.clone();
    ByteBuffer.wrap(range).putDouble(7 * 4 + 8 + 8 * 8 + 8, Double.NaN);
    assertRefused(range, "invalid clip range");
  }

  private static void assertRefused(byte[] content, String reason) {
    ModelException e =
        assertThrows(
            ModelException.class, () -> NetworkWeights.read(new ByteArrayInputStream(content)));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void load_shouldSayToRetrain_whenTheNetworkPredatesThePlainExport() {
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> NetworkWeights.load(dir));
    assertTrue(e.getMessage().contains("retrain"), e.getMessage());
  }

  @Test
  void members_shouldShareOneArchitecture() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> new NetworkWeights(List.of(member(1, 4, 8, 3), member(2, 4, 6, 3))));
    assertTrue(e.getMessage().contains("differ in architecture"), e.getMessage());
  }

  @Test
  void predict_shouldComputeTheDocumentedForwardPass_memberByMember() {
    NetworkWeights weights = network();
    PlainNetwork plain = new PlainNetwork(weights);
    double[] row = {3, 120.5, -4.25, 0};
    double spend = 0;
    double churn = 0;
    for (int k = 0; k < 2; k++) {
      double[] expected = reference(weights.members().get(k), row);
      Prediction p = plain.member(k, row);
      assertEquals(expected[0], p.spend(), 1e-6 * expected[0]);
      assertEquals(expected[1], p.churnProbability(), 1e-6 * expected[1]);
      spend += expected[0] / 2;
      churn += expected[1] / 2;
    }
    Prediction average = plain.predict(row);
    assertEquals(spend, average.spend(), 1e-6 * spend);
    assertEquals(churn, average.churnProbability(), 1e-6 * churn);
    assertEquals(average.spend(), plain.predict(new double[][] {row, row}).spend()[1]);
  }

  @Test
  void predict_shouldClipEachColumnToItsRange_beforeStandardising() {
    PlainNetwork plain = new PlainNetwork(network());
    NetworkWeights.Member m = network().members().get(0);
    // a row far above every column's range, and the same row at the upper ends (column 0 has none)
    double[] beyond = {3, 1e12, 1e12, 1e12};
    double[] edge = beyond.clone();
    for (int c = 1; c < 4; c++) {
      double u = m.normaliser().upper()[c];
      edge[c] = Math.signum(u) * Math.expm1(Math.abs(u));
    }
    assertEquals(plain.member(0, edge).spend(), plain.member(0, beyond).spend(), 1e-6);
    double[] expected = reference(m, beyond);
    assertEquals(expected[0], plain.member(0, beyond).spend(), 1e-6 * expected[0]);
  }

  @Test
  void predict_shouldRefuseRowsOfTheWrongWidthOrWithNonFiniteValues() {
    PlainNetwork plain = new PlainNetwork(network());
    assertTrue(
        assertThrows(ModelException.class, () -> plain.predict(new double[] {1, 2, 3}))
            .getMessage()
            .contains("3 columns, expected 4"));
    assertTrue(
        assertThrows(
                ModelException.class,
                () -> plain.predict(new double[][] {{1, 2, 3, 4}, {1, Double.NaN, 3, 4}}))
            .getMessage()
            .contains("row 1 has a non-finite value"));
  }

  /** The forward pass in float64, written out from the documentation. */
  private static double[] reference(NetworkWeights.Member m, double[] row) {
    double[] x = new double[row.length];
    for (int c = 0; c < row.length; c++) {
      double t = Math.signum(row[c]) * Math.log1p(Math.abs(row[c]));
      t = Math.min(Math.max(t, m.normaliser().lower()[c]), m.normaliser().upper()[c]);
      x[c] = (t - m.normaliser().mean()[c]) / m.normaliser().std()[c];
    }
    for (int l = 0; l < m.weights().length; l++) {
      double[] out = new double[m.weights()[l].length];
      for (int o = 0; o < out.length; o++) {
        double sum = m.biases()[l][o];
        for (int i = 0; i < x.length; i++) {
          sum += m.weights()[l][o][i] * x[i];
        }
        out[o] = Math.max(0, sum);
      }
      x = out;
    }
    double s = m.spendBias();
    double c = m.churnBias();
    for (int i = 0; i < x.length; i++) {
      s += m.spendHead()[i] * x[i];
      c += m.churnHead()[i] * x[i];
    }
    return new double[] {m.spendScale() * Math.exp(s), 1 / (1 + Math.exp(-c))};
  }
}
