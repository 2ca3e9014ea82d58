package com.ltvforecast.forecast;

import com.ltvforecast.btyd.BgNbdModel;
import com.ltvforecast.btyd.GammaGammaModel;
import com.ltvforecast.btyd.RfmSummary;
import com.ltvforecast.features.ModelInputs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** BG/NBD + Gamma-Gamma fitted by maximum likelihood (Hipparchus) on the rows. */
public final class BtydCandidate implements Candidate {

  public static final String NAME = "bgnbd";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String kind() {
    return BtydForecaster.KIND;
  }

  @Override
  public Forecaster load(Path dir) {
    return BtydForecaster.load(dir);
  }

  @Override
  public BtydForecaster fit(FitData data, FitContext context) {
    List<RfmSummary> rfm = Arrays.stream(data.features()).map(ModelInputs::rfm).toList();
    BgNbdModel bgnbd = BgNbdModel.fit(rfm);
    GammaGammaModel gammaGamma = GammaGammaModel.fit(rfm);
    return new BtydForecaster(bgnbd.params(), gammaGamma.params(), context.horizonDays());
  }
}
