package com.ltvforecast.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code evaluation.json} as a self-contained {@code evaluation.html}: inline CSS and SVG,
 * nothing fetched. Every number shown is read from the document itself and carries its JSON path
 * and full value ({@code data-key}, {@code data-value}), so the page cannot disagree with the JSON.
 */
public final class EvaluationHtml {

  static final String[] METRICS = {
    "spend_mae",
    "spend_rmse",
    "spend_corr",
    "spend_bias",
    "spend_gini",
    "churn_auc",
    "churn_brier",
    "churn_log_loss"
  };
  private static final String[] SERIES_COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};

  private EvaluationHtml() {}

  public static String render(Map<String, Object> document) {
    JsonNode doc = Json.MAPPER.valueToTree(document);
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evaluation ")
        .append(esc(doc.path("model_version").asText()))
        .append("</title><style>")
        .append(
            "body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}table{border-collapse:collapse;"
                + "margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
                + "td.name{text-align:left}.ok{color:#080}.bad{color:#a00}svg{border:1px solid #ddd;margin:4px}")
        .append("</style></head><body>\n");
    boolean promoted = doc.path("promoted").asBoolean();
    h.append("<h1>Model ")
        .append(esc(doc.path("model_version").asText()))
        .append(": <span class=\"")
        .append(promoted ? "ok\">promoted" : "bad\">not promoted")
        .append("</span></h1>\n");
    h.append("<section id=\"explanation\"><p>")
        .append(esc(doc.path("explanation").asText()))
        .append("</p></section>\n");

    h.append("<section id=\"selection\"><h2>Selection and gate</h2><ul>");
    JsonNode selected = doc.path("selected");
    for (String head : List.of("spend", "churn")) {
      h.append("<li>")
          .append(head)
          .append(": <b data-key=\"selected.")
          .append(head)
          .append("\">")
          .append(esc(selected.path(head).asText("none")))
          .append("</b></li>");
    }
    h.append("</ul><h3>Decisions</h3><ul>");
    for (JsonNode d : doc.path("selection").path("decisions")) {
      h.append("<li class=\"decision\">").append(esc(d.asText())).append("</li>");
    }
    h.append("</ul><h3>Gate</h3><ul>");
    if (doc.path("reasons").isEmpty()) {
      h.append("<li class=\"ok gate\">passed</li>");
    }
    for (JsonNode r : doc.path("reasons")) {
      h.append("<li class=\"bad gate\">").append(esc(r.asText())).append("</li>");
    }
    h.append("</ul></section>\n");

    h.append("<section id=\"metrics\"><h2>Validation customers (")
        .append(doc.path("validation_customers").asInt())
        .append("), scored once</h2>");
    metricsTable(h, doc.path("metrics"), "metrics");
    h.append("</section>\n<section id=\"out-of-fold\"><h2>Training customers (")
        .append(doc.path("training_customers").asInt())
        .append("), out of fold over ")
        .append(doc.path("folds").asInt())
        .append(" folds: the basis of selection and gate</h2>");
    metricsTable(
        h, doc.path("selection").path("out_of_fold_metrics"), "selection.out_of_fold_metrics");
    h.append("</section>\n");

    h.append(
        "<section id=\"deciles\"><h2>Mean predicted and actual spend by decile of predicted spend</h2>");
    Iterator<Map.Entry<String, JsonNode>> deciles = doc.path("charts").path("deciles").fields();
    while (deciles.hasNext()) {
      Map.Entry<String, JsonNode> e = deciles.next();
      decileChart(h, e.getKey(), e.getValue());
    }
    h.append("</section>\n<section id=\"reliability\"><h2>Churn reliability</h2>");
    reliabilityChart(h, doc.path("charts").path("reliability"), doc.path("metrics"));
    h.append("</section>\n");

    h.append("<section id=\"segments\"><h2>One-time buyers and repeaters</h2>");
    Iterator<Map.Entry<String, JsonNode>> segments = doc.path("segments").fields();
    while (segments.hasNext()) {
      Map.Entry<String, JsonNode> e = segments.next();
      h.append("<h3>")
          .append(e.getKey().equals("one_time") ? "One-time buyers" : "Repeaters")
          .append(" (<span data-key=\"segments.")
          .append(e.getKey())
          .append(".customers\" data-value=\"")
          .append(e.getValue().path("customers").asInt())
          .append("\">")
          .append(e.getValue().path("customers").asInt())
          .append("</span> customers)</h3>");
      metricsTable(h, e.getValue(), "segments." + e.getKey());
    }
    h.append("</section>\n</body></html>\n");
    return h.toString();
  }

  private static void metricsTable(StringBuilder h, JsonNode metrics, String path) {
    h.append("<table><tr><th>model</th>");
    for (String m : METRICS) {
      h.append("<th>").append(m.replace('_', ' ')).append("</th>");
    }
    h.append("</tr>");
    List<String[]> rows = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = metrics.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("candidates")) {
        Iterator<Map.Entry<String, JsonNode>> c = e.getValue().fields();
        while (c.hasNext()) {
          rows.add(new String[] {"candidate " + c.next().getKey(), null});
        }
      } else if (e.getValue().isObject()) {
        rows.add(new String[] {e.getKey(), path + "." + e.getKey()});
      }
    }
    Iterator<Map.Entry<String, JsonNode>> c = metrics.path("candidates").fields();
    for (String[] row : rows) {
      JsonNode node;
      String key;
      if (row[1] == null) {
        Map.Entry<String, JsonNode> e = c.next();
        node = e.getValue();
        key = path + ".candidates." + e.getKey();
      } else {
        node = metrics.path(row[0]);
        key = row[1];
      }
      h.append("<tr><td class=\"name\">").append(esc(row[0])).append("</td>");
      for (String m : METRICS) {
        JsonNode v = node.path(m);
        h.append("<td data-key=\"").append(esc(key)).append('.').append(m).append('"');
        if (v.isNumber()) {
          h.append(" data-value=\"")
              .append(v.asDouble())
              .append("\">")
              .append(format(m, v.asDouble()));
        } else {
          h.append(">&ndash;");
        }
        h.append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static void decileChart(StringBuilder h, String series, JsonNode deciles) {
    int w = 460;
    int ht = 240;
    int pad = 40;
    double max = 1e-12;
    for (JsonNode d : deciles) {
      max =
          Math.max(
              max, Math.max(d.path("mean_predicted").asDouble(), d.path("mean_actual").asDouble()));
    }
    int n = Math.max(1, deciles.size());
    double slot = (w - 2.0 * pad) / n;
    h.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(ht)
        .append("\" role=\"img\" aria-label=\"deciles ")
        .append(esc(series))
        .append("\">");
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            pad,
            ht - pad,
            w - pad,
            ht - pad));
    int i = 0;
    for (JsonNode d : deciles) {
      double p = d.path("mean_predicted").asDouble();
      double a = d.path("mean_actual").asDouble();
      double x = pad + i * slot;
      bar(
          h,
          x + slot * 0.1,
          slot * 0.38,
          p,
          max,
          ht,
          pad,
          SERIES_COLOURS[0],
          "charts.deciles." + series + "." + i + ".mean_predicted");
      bar(
          h,
          x + slot * 0.5,
          slot * 0.38,
          a,
          max,
          ht,
          pad,
          SERIES_COLOURS[1],
          "charts.deciles." + series + "." + i + ".mean_actual");
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>",
              x + slot / 2,
              ht - pad + 12,
              d.path("decile").asInt()));
      i++;
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"14\" font-size=\"11\">max %s</text>",
            pad,
            format("", max)));
    h.append("</svg><figcaption>")
        .append(esc(series))
        .append(
            ": <span style=\"color:#1f77b4\">mean predicted</span> and <span style=\"color:#ff7f0e\">mean actual"
                + "</span> spend per decile (1 = highest predicted)</figcaption></figure>");
  }

  private static void bar(
      StringBuilder h,
      double x,
      double width,
      double value,
      double max,
      int ht,
      int pad,
      String colour,
      String key) {
    double height = Math.max(0, value) / max * (ht - 2.0 * pad);
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-key=\"%s\" data-value=\"%s\">"
                + "<title>%s</title></rect>",
            x,
            ht - pad - height,
            width,
            height,
            colour,
            key,
            value,
            format("", value)));
  }

  private static void reliabilityChart(StringBuilder h, JsonNode reliability, JsonNode metrics) {
    int size = 300;
    int pad = 40;
    double span = size - 2.0 * pad;
    h.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(size)
        .append("\" height=\"")
        .append(size)
        .append("\" role=\"img\" aria-label=\"reliability\">");
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" "
                + "stroke-dasharray=\"4\"/>",
            pad,
            size - pad,
            size - pad,
            pad));
    StringBuilder legend = new StringBuilder();
    int s = 0;
    Iterator<Map.Entry<String, JsonNode>> it = reliability.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String colour = SERIES_COLOURS[s++ % SERIES_COLOURS.length];
      StringBuilder points = new StringBuilder();
      int i = 0;
      for (JsonNode bin : e.getValue()) {
        double x = pad + bin.path("mean_predicted").asDouble() * span;
        double y = size - pad - bin.path("observed").asDouble() * span;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        h.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" data-key=\"%s\" "
                    + "data-value=\"%s\"><title>%d customers</title></circle>",
                x,
                y,
                colour,
                "charts.reliability." + e.getKey() + "." + i + ".observed",
                bin.path("observed").asDouble(),
                bin.path("customers").asInt()));
        i++;
      }
      h.append("<polyline fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
      JsonNode brier = metrics.path(e.getKey()).path("churn_brier");
      legend
          .append("<span style=\"color:")
          .append(colour)
          .append("\">")
          .append(esc(e.getKey()))
          .append("</span> Brier ");
      if (brier.isNumber()) {
        legend
            .append("<span data-key=\"metrics.")
            .append(esc(e.getKey()))
            .append(".churn_brier\" data-value=\"")
            .append(brier.asDouble())
            .append("\">")
            .append(format("churn_brier", brier.asDouble()))
            .append("</span>");
      }
      legend.append("; ");
    }
    h.append(
            "</svg><figcaption>Observed churn rate against mean predicted churn probability, 10 bins; ")
        .append(legend)
        .append("diagonal = perfect calibration</figcaption></figure>");
  }

  static String format(String metric, double v) {
    if (metric.equals("spend_bias")) {
      return String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.0f" : "%.4g", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
