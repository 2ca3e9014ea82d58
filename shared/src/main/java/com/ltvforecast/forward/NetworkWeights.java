package com.ltvforecast.forward;

import com.ltvforecast.model.FeatureNormaliser;
import com.ltvforecast.model.ModelException;
import com.ltvforecast.model.ModelLoadException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one description of a trained network ensemble, exported at training time beside the DJL
 * parameters ({@value #FILE}) and read by every forward pass: the DJL stacked pass of precompute
 * and training ({@code model.StackedForward}) and the plain-Java pass of the API ({@link
 * PlainNetwork}).
 *
 * <p>Each member is an MLP: its input row goes through the member's normaliser (signed log1p, then
 * the training mean and standard deviation), dense layers with relu, then two linear heads: spend =
 * {@code spendScale * exp(spend head)}, churn = {@code sigmoid(churn head)}. Members share one
 * architecture; their normalisers and spend scales may differ.
 *
 * <p>File layout ({@value #FILE}), big-endian as {@link DataOutputStream} writes it, no padding:
 *
 * <pre>
 *   bytes "LTVW", int32 format version (2; 1 is read too, as a file without clip ranges)
 *   int32 members M (1..100), int32 inputs d (1..1024), int32 hidden layers L (0..16),
 *   int32[L] units of each hidden layer (1..4096)
 *   M times:
 *     float64 spend scale (&gt; 0), float64[d] normaliser mean, float64[d] normaliser std (&gt; 0),
 *     float64[d] lower and float64[d] upper end of the normaliser's clip range (format 2 only)
 *     for each hidden layer l, with in = d for l = 0 else units[l-1], out = units[l]:
 *       float32[out * in] weight, row-major [out][in] (DJL's Linear layout), float32[out] bias
 *     float32[h] spend head weight, float32 spend head bias, float32[h] churn head weight,
 *     float32 churn head bias; h = units[L-1], or d with no hidden layer
 *   end of file
 * </pre>
 */
public record NetworkWeights(List<Member> members) {

  public static final String FILE = "weights.bin";
  static final int MAGIC = 0x4C545657; // "LTVW"
  static final int FORMAT_VERSION = 2;

  /** The first format, written before normalisers had a clip range; still read. */
  static final int FORMAT_WITHOUT_CLIP = 1;

  static final int MAX_MEMBERS = 100;
  static final int MAX_INPUTS = 1024;
  static final int MAX_LAYERS = 16;
  static final int MAX_UNITS = 4096;

  /**
   * One member: hidden layers as {@code weights[layer][out][in]} and {@code biases[layer][out]},
   * relu after each; heads over the last hidden layer.
   */
  public record Member(
      FeatureNormaliser normaliser,
      double spendScale,
      float[][][] weights,
      float[][] biases,
      float[] spendHead,
      float spendBias,
      float[] churnHead,
      float churnBias) {

    public Member {
      Objects.requireNonNull(normaliser, "normaliser");
      if (!(spendScale > 0) || Double.isInfinite(spendScale)) {
        throw new ModelException("spend scale must be finite and > 0, got " + spendScale);
      }
      if (weights.length != biases.length) {
        throw new ModelException(
            weights.length + " weight matrices but " + biases.length + " bias vectors");
      }
      int in = normaliser.width();
      for (int l = 0; l < weights.length; l++) {
        if (weights[l].length == 0 || weights[l].length != biases[l].length) {
          throw new ModelException(
              "layer "
                  + l
                  + " has "
                  + weights[l].length
                  + " rows and "
                  + biases[l].length
                  + " biases");
        }
        for (float[] row : weights[l]) {
          if (row.length != in) {
            throw new ModelException(
                "layer " + l + " expects " + in + " inputs, a row has " + row.length);
          }
          checkFinite(row, "layer " + l + " weight");
        }
        checkFinite(biases[l], "layer " + l + " bias");
        in = weights[l].length;
      }
      if (spendHead.length != in || churnHead.length != in) {
        throw new ModelException(
            "the heads expect "
                + in
                + " inputs, got "
                + spendHead.length
                + " and "
                + churnHead.length);
      }
      checkFinite(spendHead, "spend head");
      checkFinite(churnHead, "churn head");
      checkFinite(new float[] {spendBias, churnBias}, "head bias");
    }

    public int inputs() {
      return normaliser.width();
    }

    /** Units of each hidden layer. */
    public int[] units() {
      return Arrays.stream(weights).mapToInt(w -> w.length).toArray();
    }
  }

  public NetworkWeights {
    members = List.copyOf(members);
    if (members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new ModelException(
          "a network needs 1.." + MAX_MEMBERS + " members, got " + members.size());
    }
    Member first = members.get(0);
    for (Member m : members) {
      if (m.inputs() != first.inputs() || !Arrays.equals(m.units(), first.units())) {
        throw new ModelException(
            "ensemble members differ in architecture: "
                + m.inputs()
                + " inputs and layers "
                + Arrays.toString(m.units())
                + " against "
                + first.inputs()
                + " and "
                + Arrays.toString(first.units()));
      }
    }
    if (first.inputs() > MAX_INPUTS
        || first.units().length > MAX_LAYERS
        || Arrays.stream(first.units()).anyMatch(u -> u > MAX_UNITS)) {
      throw new ModelException(
          "network too large: "
              + first.inputs()
              + " inputs, layers "
              + Arrays.toString(first.units()));
    }
  }

  public int inputs() {
    return members.get(0).inputs();
  }

  public int[] units() {
    return members.get(0).units();
  }

  /** Writes {@value #FILE} into {@code dir} (which exists). */
  public void save(Path dir) {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE))))) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /** True when {@code dir} holds a {@value #FILE}. */
  public static boolean isIn(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /** Reads {@value #FILE} from {@code dir}, checking every count, value and the end of the file. */
  public static NetworkWeights load(Path dir) {
    Path file = dir.resolve(FILE);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(
          "no "
              + FILE
              + " in "
              + dir
              + ": the network was saved before the plain export"
              + " (retrain it to serve it without DJL)",
          e);
    } catch (IOException | ModelException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void write(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(MAGIC);
    out.writeInt(FORMAT_VERSION);
    int[] units = units();
    out.writeInt(members.size());
    out.writeInt(inputs());
    out.writeInt(units.length);
    for (int u : units) {
      out.writeInt(u);
    }
    for (Member m : members) {
      out.writeDouble(m.spendScale());
      for (double v : m.normaliser().mean()) {
        out.writeDouble(v);
      }
      for (double v : m.normaliser().std()) {
        out.writeDouble(v);
      }
      for (double v : m.normaliser().lower()) {
        out.writeDouble(v);
      }
      for (double v : m.normaliser().upper()) {
        out.writeDouble(v);
      }
      for (int l = 0; l < units.length; l++) {
        for (float[] row : m.weights()[l]) {
          writeFloats(out, row);
        }
        writeFloats(out, m.biases()[l]);
      }
      writeFloats(out, m.spendHead());
      out.writeFloat(m.spendBias());
      writeFloats(out, m.churnHead());
      out.writeFloat(m.churnBias());
    }
    out.flush();
  }

  static NetworkWeights read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new ModelException(
            "not a network weights file (magic " + Integer.toHexString(magic) + ")");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_CLIP) {
        throw new ModelException(
            "unsupported weights format version "
                + version
                + ", expected "
                + FORMAT_WITHOUT_CLIP
                + " or "
                + FORMAT_VERSION);
      }
      int count = bounded(in.readInt(), 1, MAX_MEMBERS, "members");
      int d = bounded(in.readInt(), 1, MAX_INPUTS, "inputs");
      int[] units = new int[bounded(in.readInt(), 0, MAX_LAYERS, "hidden layers")];
      for (int l = 0; l < units.length; l++) {
        units[l] = bounded(in.readInt(), 1, MAX_UNITS, "units of layer " + l);
      }
      List<Member> members = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        double scale = in.readDouble();
        double[] mean = readDoubles(in, d);
        double[] std = readDoubles(in, d);
        FeatureNormaliser normaliser =
            version == FORMAT_WITHOUT_CLIP
                ? new FeatureNormaliser(mean, std)
                : new FeatureNormaliser(mean, std, readDoubles(in, d), readDoubles(in, d));
        float[][][] weights = new float[units.length][][];
        float[][] biases = new float[units.length][];
        int inputs = d;
        for (int l = 0; l < units.length; l++) {
          weights[l] = new float[units[l]][];
          for (int o = 0; o < units[l]; o++) {
            weights[l][o] = readFloats(in, inputs);
          }
          biases[l] = readFloats(in, units[l]);
          inputs = units[l];
        }
        float[] spendHead = readFloats(in, inputs);
        float spendBias = in.readFloat();
        float[] churnHead = readFloats(in, inputs);
        float churnBias = in.readFloat();
        members.add(
            new Member(
                normaliser, scale, weights, biases, spendHead, spendBias, churnHead, churnBias));
      }
      if (in.read() != -1) {
        throw new ModelException("unexpected bytes after the last member");
      }
      return new NetworkWeights(members);
    } catch (EOFException e) {
      throw new ModelException("the file ends early (truncated)", e);
    }
  }

  private static int bounded(int value, int min, int max, String what) {
    if (value < min || value > max) {
      throw new ModelException(what + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  private static void checkFinite(float[] values, String what) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new ModelException(what + " has a non-finite value: " + v);
      }
    }
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }

  private static double[] readDoubles(DataInputStream in, int n) throws IOException {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NetworkWeights other) || other.members.size() != members.size()) {
      return false;
    }
    for (int k = 0; k < members.size(); k++) {
      Member a = members.get(k);
      Member b = other.members.get(k);
      if (!a.normaliser().equals(b.normaliser())
          || Double.compare(a.spendScale(), b.spendScale()) != 0
          || !Arrays.deepEquals(a.weights(), b.weights())
          || !Arrays.deepEquals(a.biases(), b.biases())
          || !Arrays.equals(a.spendHead(), b.spendHead())
          || !Arrays.equals(a.churnHead(), b.churnHead())
          || Float.compare(a.spendBias(), b.spendBias()) != 0
          || Float.compare(a.churnBias(), b.churnBias()) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return members.size() * 31 + inputs();
  }
}
