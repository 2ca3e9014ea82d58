package com.ltvforecast.btyd;

import com.ltvforecast.testdata.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 2,357-customer CDNOW sample with the reference per-customer predictions
 * (bgnbd_predictions_sample.csv).
 */
final class CdnowSample {

  final Map<String, double[]> columns;
  final double[] x;
  final double[] tx;
  final double[] T;
  final double[] mx;

  private CdnowSample(Map<String, double[]> columns) {
    this.columns = columns;
    x = columns.get("x");
    tx = columns.get("t_x_weeks");
    T = columns.get("T_weeks");
    double[] m = columns.get("m_x_repeat_mean_spend").clone();
    for (int i = 0; i < m.length; i++) {
      // The file leaves m_x empty for one-time buyers; RfmSummary's convention is 0.
      if (Double.isNaN(m[i])) {
        m[i] = 0.0;
      }
    }
    mx = m;
  }

  static CdnowSample load() {
    return new CdnowSample(
        TestData.readNumericCsv(TestData.cdnow().resolve("bgnbd_predictions_sample.csv")));
  }

  double[] column(String name) {
    double[] c = columns.get(name);
    if (c == null) {
      throw new IllegalStateException("no column " + name + " in bgnbd_predictions_sample.csv");
    }
    return c;
  }

  List<RfmSummary> summaries() {
    List<RfmSummary> out = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      out.add(new RfmSummary(x[i], tx[i], T[i], mx[i]));
    }
    return out;
  }
}
