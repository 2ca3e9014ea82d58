package com.ltvforecast.config;

/**
 * Batch scoring settings.
 *
 * @param queueUrl the SQS queue of shard messages (coordinator mode); null when not fanned out
 * @param shards default number of shards a coordinator run enqueues
 * @param scoreTtlDays days before a score expires from ScoreTable
 * @param writesInFlight concurrent BatchWriteItem calls
 * @param writeDeadlineSeconds how long unprocessed items are retried before the run fails
 */
public record PrecomputeSettings(
    String queueUrl, int shards, int scoreTtlDays, int writesInFlight, int writeDeadlineSeconds) {
  public PrecomputeSettings {
    if (shards < 1 || shards > 4096) {
      throw new ConfigException(AppConfig.PRECOMPUTE_SHARDS + " must be 1..4096, got " + shards);
    }
    if (scoreTtlDays < 1 || scoreTtlDays > 3650) {
      throw new ConfigException(AppConfig.SCORE_TTL_DAYS + " must be 1..3650, got " + scoreTtlDays);
    }
    if (writesInFlight < 1 || writesInFlight > 64) {
      throw new ConfigException(
          AppConfig.WRITES_IN_FLIGHT + " must be 1..64, got " + writesInFlight);
    }
    if (writeDeadlineSeconds < 1 || writeDeadlineSeconds > 900) {
      throw new ConfigException(
          AppConfig.WRITE_DEADLINE_SECONDS + " must be 1..900, got " + writeDeadlineSeconds);
    }
  }
}
