package com.ltvforecast.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Why rows or a whole file were rejected, written to {@code
 * quarantine/<source>/<upload>/report.json}.
 */
public record QuarantineReport(
    String sourceKey,
    String sourceEtag,
    String sourceVersionId,
    String status,
    String reason,
    long rowsRead,
    long rowsValid,
    long rowsRejected,
    long bytesRead,
    double maxRejectedShare,
    Map<String, Long> rejectedByField,
    List<IngestService.RejectedRows.Sample> sampleRejections,
    String rejectedRowsKey,
    String sourceCopyKey,
    Instant reportedAt) {}
