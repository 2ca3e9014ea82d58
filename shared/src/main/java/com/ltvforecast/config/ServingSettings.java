package com.ltvforecast.config;

/**
 * On-demand prediction limits.
 *
 * @param modelRefreshSeconds how often the production pointer is re-checked
 * @param maxInstances most instances in one {@code POST /predict}
 * @param maxTransactions most transactions in one instance
 * @param maxBodyBytes largest accepted request body
 */
public record ServingSettings(
    int modelRefreshSeconds, int maxInstances, int maxTransactions, int maxBodyBytes) {
  public ServingSettings {
    if (modelRefreshSeconds < 0 || modelRefreshSeconds > 86_400) {
      throw new ConfigException(
          AppConfig.MODEL_REFRESH_SECONDS + " must be 0..86400, got " + modelRefreshSeconds);
    }
    if (maxInstances < 1 || maxInstances > 10_000) {
      throw new ConfigException(
          AppConfig.PREDICT_MAX_INSTANCES + " must be 1..10000, got " + maxInstances);
    }
    if (maxTransactions < 1 || maxTransactions > 1_000_000) {
      throw new ConfigException(
          AppConfig.PREDICT_MAX_TRANSACTIONS + " must be 1..1000000, got " + maxTransactions);
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 10 * 1024 * 1024) {
      throw new ConfigException(
          AppConfig.PREDICT_MAX_BODY_BYTES + " must be 1024..10485760, got " + maxBodyBytes);
    }
  }
}
