package com.ltvforecast.precompute;

import com.ltvforecast.config.ConfigException;
import com.ltvforecast.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link ShardQueue} on SQS: SendMessageBatch, 10 per call, failed entries retried once. */
public final class SqsShardQueue implements ShardQueue {

  private static final int MAX_BATCH = 10;

  private final SqsClient sqs;
  private final String queueUrl;

  /**
   * @param queueUrl may be null when this deployment never fans out; enqueueing then fails clearly
   */
  public SqsShardQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void enqueue(List<ShardCommand> commands) {
    if (queueUrl == null) {
      throw new ConfigException(
          "environment variable PRECOMPUTE_QUEUE_URL is required to fan out "
              + commands.size()
              + " shards");
    }
    int failed = 0;
    for (int from = 0; from < commands.size(); from += MAX_BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(commands.size(), from + MAX_BATCH); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(new String(Json.bytes(commands.get(i)), StandardCharsets.UTF_8))
                .build());
      }
      List<BatchResultErrorEntry> errors = send(entries);
      if (!errors.isEmpty()) {
        List<String> ids = errors.stream().map(BatchResultErrorEntry::id).toList();
        failed += send(entries.stream().filter(e -> ids.contains(e.id())).toList()).size();
      }
    }
    if (failed > 0) {
      throw new PrecomputeException(
          failed + " of " + commands.size() + " shard messages were not enqueued on " + queueUrl);
    }
  }

  private List<BatchResultErrorEntry> send(List<SendMessageBatchRequestEntry> entries) {
    return sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed();
  }
}
