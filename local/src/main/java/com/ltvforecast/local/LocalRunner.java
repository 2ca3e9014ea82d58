package com.ltvforecast.local;

import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar local/target/ltv-local.jar <command>}: runs the real Lambda handlers on one
 * machine against moto_server, LocalStack or {@code --endpoint URL}.
 */
public final class LocalRunner {

  static final String USAGE = """
      usage: java -jar local/target/ltv-local.jar <command> [options]

      commands:
        ingest --data FILE[,FILE...] [--endpoint URL] [--report FILE]
            Creates the data bucket with its raw/ notifications, uploads each file under raw/,
            and runs the real IngestFunction on each S3 notification.

      The endpoint is --endpoint, else AWS_ENDPOINT_URL, else LocalStack when Docker is up,
      else a moto_server started on a free loopback port.
      """;

  private LocalRunner() {}

  public static void main(String[] args) {
    System.setProperty("DJL_OFFLINE", "true");
    try {
      System.exit(run(args));
    } catch (Arguments.UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  static int run(String[] args) {
    Arguments arguments = Arguments.parse(args, Set.of());
    switch (arguments.command()) {
      case "ingest" -> {
        arguments.allowOnly(List.of("data", "endpoint", "report"));
        return ingest(arguments);
      }
      case "help", "--help", "-h" -> {
        System.out.println(USAGE);
        return 0;
      }
      default -> throw new Arguments.UsageException("unknown command '" + arguments.command() + "'");
    }
  }

  private static int ingest(Arguments arguments) {
    List<Path> files = Arrays.stream(arguments.required("data").split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
    try (LocalDeployment deployment = LocalDeployment.start(endpoint(arguments))) {
      System.out.printf("endpoint: %s (%s)%n", deployment.endpoint(), deployment.endpointKind());
      List<IngestOutcome> outcomes = new IngestStep(deployment).run(files);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("ingest", IngestStep.report(outcomes));
      writeReport(arguments, report);
      System.out.println("summary: " + Json.pretty(report));
      return 0;
    }
  }

  private static URI endpoint(Arguments arguments) {
    String endpoint = arguments.option("endpoint", null);
    return endpoint == null ? null : URI.create(endpoint);
  }

  private static void writeReport(Arguments arguments, Map<String, Object> report) {
    String file = arguments.option("report", null);
    if (file != null) {
      try {
        Files.writeString(Path.of(file), Json.pretty(report));
      } catch (IOException e) {
        throw new Arguments.UsageException("cannot write report " + file + ": " + e.getMessage());
      }
    }
  }
}
