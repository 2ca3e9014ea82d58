package com.ltvforecast.training;

import com.ltvforecast.config.AppConfig;
import com.ltvforecast.config.TrainingSettings;
import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.CuratedReader;
import com.ltvforecast.ingest.IngestCommand;
import com.ltvforecast.ingest.IngestOutcome;
import com.ltvforecast.ingest.IngestService;
import com.ltvforecast.model.TrainingOptions;
import com.ltvforecast.registry.ModelArtifacts;
import com.ltvforecast.registry.ModelRegistry;
import com.ltvforecast.testing.InMemoryObjectStore;
import com.ltvforecast.testing.ProjectFiles;
import com.ltvforecast.transactions.TransactionParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Curated data and a wired TrainingService over in-memory fakes of our own ports. Shared with the
 * predict tests through this module's test-jar.
 */
public final class TrainingFixtures {

  public final InMemoryObjectStore store = new InMemoryObjectStore();
  public final List<String> promotions = new ArrayList<>();
  private final Path work;

  public TrainingFixtures(Path work) {
    this.work = work;
  }

  /** Ingests a file of data/ through the real ingest service into the in-memory bucket. */
  public TrainingFixtures ingest(String dataset) {
    try {
      byte[] content = Files.readAllBytes(ProjectFiles.data(dataset));
      return ingest(dataset, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TrainingFixtures ingest(String name, byte[] content) {
    String key = CuratedLayout.RAW_PREFIX + name;
    store.put(key, content);
    IngestOutcome outcome =
        new IngestService(
                store,
                AppConfig.from(n -> null).ingestLimits(),
                16,
                new TransactionParser(),
                work,
                Clock.systemUTC())
            .ingest(new IngestCommand(key, InMemoryObjectStore.etagOf(content), null, null));
    if (outcome.status() != IngestOutcome.Status.PUBLISHED) {
      throw new IllegalStateException("fixture not published: " + outcome);
    }
    return this;
  }

  public TrainingService service(
      ModelRegistry registry, TrainingSettings settings, TrainingOptions options) {
    return new TrainingService(
        new CuratedReader(store),
        new ModelArtifacts(store),
        registry,
        (name, version, asOf, horizon) -> promotions.add(version),
        "ltv",
        settings,
        options,
        work,
        Clock.systemUTC());
  }

  public static TrainingSettings settings(int maxEpochs) {
    return new TrainingSettings(maxEpochs, 900, 2_000_000, 200, 0.05, 0.05, "default");
  }

  /**
   * 400 customers with two purchases before D = 1997-10-01; those whose first purchase was at least
   * 60 buy that amount again in the horizon, the others never come back.
   */
  static TrainingFixtures ruleData(Path work) {
    StringBuilder csv = new StringBuilder("customer_id,event_time,amount\n");
    for (int i = 0; i < 400; i++) {
      int amount = 20 + i % 80;
      csv.append("c")
          .append(i)
          .append(",1997-0")
          .append(1 + i % 4)
          .append("-0")
          .append(1 + i % 9)
          .append(',')
          .append(amount)
          .append('\n');
      csv.append("c")
          .append(i)
          .append(",1997-0")
          .append(6 + i % 3)
          .append("-1")
          .append(i % 9)
          .append(",15\n");
      if (amount >= 60) {
        csv.append("c")
            .append(i)
            .append(",1998-0")
            .append(1 + i % 5)
            .append("-2")
            .append(i % 8)
            .append(',')
            .append(amount)
            .append('\n');
      }
    }
    return new TrainingFixtures(work)
        .ingest("rule.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
  }
}
