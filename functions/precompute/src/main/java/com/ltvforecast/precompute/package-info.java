/**
 * Daily batch scoring: features to FeatureTable, scores to ScoreTable, shard fan-out over SQS,
 * drift.
 */
package com.ltvforecast.precompute;
