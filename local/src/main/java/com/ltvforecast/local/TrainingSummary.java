package com.ltvforecast.local;

import com.ltvforecast.aws.AwsClients;
import com.ltvforecast.evaluation.SpendChurnMetrics;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.storage.S3ObjectStore;
import com.ltvforecast.training.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code train} and {@code demo} print after a run: the headline table of the evaluation
 * report (the served model, each candidate and the baselines on the validation customers), which
 * candidate serves each head, and the one-paragraph explanation; and a local copy of {@code
 * evaluation.html}.
 */
public final class TrainingSummary {

  private TrainingSummary() {}

  public static String table(TrainingReport report) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "model %s: %s; spend from %s, churn from %s; %d training and %d validation"
                + " customers, %.1f s%n",
            report.modelVersion(),
            report.promoted() ? "promoted" : "NOT promoted",
            report.selected().getOrDefault("spend", "none"),
            report.selected().getOrDefault("churn", "none"),
            report.trainCustomers(),
            report.validationCustomers(),
            report.seconds()));
    b.append(
        String.format(
            Locale.ROOT,
            "  %-18s %9s %9s %7s %8s %7s %7s %7s%n",
            "validation",
            "MAE",
            "RMSE",
            "corr",
            "bias",
            "Gini",
            "AUC",
            "Brier"));
    report
        .metrics()
        .forEach((name, m) -> b.append(line(name.equals("model") ? "served model" : name, m)));
    if (report.candidateMetrics() != null) {
      report.candidateMetrics().forEach((name, m) -> b.append(line("candidate " + name, m)));
    }
    b.append(wrap(report.explanation())).append(System.lineSeparator());
    return b.toString();
  }

  private static String line(String name, SpendChurnMetrics m) {
    return String.format(
        Locale.ROOT,
        "  %-18s %9.3f %9.3f %7.3f %+7.1f%% %7.3f %7.3f %7.4f%n",
        name,
        m.spendMae(),
        m.spendRmse(),
        m.spendCorr(),
        100 * m.spendBias(),
        m.spendGini(),
        m.churnAuc(),
        m.churnBrier());
  }

  private static String wrap(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String word : text.split(" ")) {
      if (col + word.length() > 100) {
        out.append(System.lineSeparator());
        col = 0;
      }
      out.append(col == 0 ? "" : " ").append(word);
      col += word.length() + 1;
    }
    return out.toString();
  }

  /**
   * Copies the version's {@code evaluation.html} from the local bucket to {@code dir} as {@code
   * evaluation-<version>.html} and returns the path; empty when the run wrote none (rejected before
   * any candidate was fitted: too few customers, one churn class, no candidate fitted).
   */
  public static java.util.Optional<Path> saveEvaluationHtml(TrainingReport report, Path dir) {
    S3ObjectStore store = new S3ObjectStore(AwsClients.s3(), LocalDeployment.BUCKET);
    java.util.Optional<byte[]> found =
        store.read(report.artifactPrefix() + ModelArtifacts.EVALUATION_HTML);
    if (found.isEmpty()) {
      return java.util.Optional.empty();
    }
    byte[] html = found.get();
    Path file = dir.resolve("evaluation-" + report.modelVersion() + ".html");
    try {
      Files.write(file, html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return java.util.Optional.of(file);
  }
}
