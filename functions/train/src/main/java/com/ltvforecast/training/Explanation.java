package com.ltvforecast.training;

import java.util.List;

/** The one-paragraph account of a run that the report, the registry and the runner show. */
final class Explanation {

  private Explanation() {}

  static String of(
      String version,
      boolean promoted,
      TrainingPipeline.Fitted fitted,
      List<String> reasons,
      String currentProduction,
      int folds) {
    StringBuilder b = new StringBuilder();
    int candidates = fitted.names.size() + fitted.failures.size();
    b.append(
        String.format(
            "Version %s compared %d candidate%s (%s) per head on out-of-fold predictions for %d"
                + " training customers in %d folds; the %d validation customers were scored once, at the end.",
            version,
            candidates,
            candidates == 1 ? "" : "s",
            String.join(", ", fitted.names),
            fitted.trainRows.length,
            folds,
            fitted.validationRows.length));
    fitted.failures.forEach(
        (name, error) ->
            b.append(" Candidate ")
                .append(name)
                .append(" could not be fitted (")
                .append(error)
                .append(") and took no part."));
    if (promoted) {
      b.append(
          String.format(
              " It was promoted: spend is served by %s and churn by %s.",
              fitted.selection.spendFrom(), fitted.selection.churnFrom()));
      fitted.selection.decisions().forEach(d -> b.append(' ').append(capitalise(d)).append('.'));
    } else {
      b.append(" It was not promoted: ").append(String.join("; ", reasons)).append('.');
      b.append(
          currentProduction == null
              ? " No production model exists, so nothing is served until a run passes the gate."
              : " Production stays at version " + currentProduction + ", which keeps serving.");
    }
    return b.toString();
  }

  static String withoutModel(
      String version, int customers, List<String> reasons, String currentProduction) {
    return String.format(
        "Version %s trained no model on %d eligible customers: %s.%s",
        version,
        customers,
        String.join("; ", reasons),
        currentProduction == null
            ? " No production model exists, so nothing is served until a run passes the gate."
            : " Production stays at version " + currentProduction + ", which keeps serving.");
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
