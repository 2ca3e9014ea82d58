package com.ltvforecast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.ltvforecast.json.Json;
import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ingest} command end to end: upload, real S3 notification through SQS, real handler.
 */
class LocalRunnerIngestIT {

  @TempDir Path dir;

  @Test
  void ingest_shouldReportExactCounts_whenGoodAndQuarantinedFilesUploaded() throws IOException {
    // given one good file and one with a missing column
    Path bad = dir.resolve("no-amount.csv");
    Files.writeString(bad, "customer_id,event_time\na,2024-01-01\n");
    Path report = dir.resolve("report.json");
    String data = ProjectFiles.data("cdnow/transactions_sample.csv") + "," + bad;
    // when
    int exit =
        LocalRunner.run(new String[] {"ingest", "--data", data, "--report", report.toString()});
    // then
    assertEquals(0, exit);
    JsonNode ingest = Json.MAPPER.readTree(report.toFile()).get("ingest");
    assertEquals(2, ingest.get("files").asInt());
    // a file rejected for its header is not read row by row, so its rows count nowhere
    assertEquals(6_919, ingest.get("rows_read").asLong());
    assertEquals(6_919, ingest.get("rows_valid").asLong());
    assertEquals(0, ingest.get("rows_rejected").asLong());
    assertEquals(1, ingest.get("files_quarantined").asInt());
  }
}
