package com.ltvforecast.precompute;

import java.time.LocalDate;

/**
 * What one shard run did. Items count both tables: a scored customer is one FeatureTable item and
 * one ScoreTable item, so a complete run has {@code itemsWritten + itemsKeptNewer == 2 *
 * customersScored}.
 *
 * @param eligibleCustomers customers of the shard whose first purchase-day is before {@code asOf}
 * @param customersScored customers the model scored; equal to {@code eligibleCustomers} unless a
 *     write failed and the run stopped scoring
 * @param itemsKeptNewer items not written because the table held a newer one (a later as_of, or a
 *     later run of the same as_of): a backfill or a retried earlier shard; not a failure
 * @param modelAgeDays days from the model's training to this run: the model-age alarm's metric
 * @param maxPsi the largest feature PSI of this shard alone (a hash sample), null without a
 *     reference
 */
public record ShardReport(
    LocalDate asOf,
    int shard,
    int shards,
    String modelVersion,
    double modelAgeDays,
    long transactionsRead,
    long customers,
    long eligibleCustomers,
    long customersScored,
    long featuresWritten,
    long scoresWritten,
    long itemsWritten,
    long itemsFailed,
    long itemsKeptNewer,
    Double maxPsi,
    String driftReportKey,
    double seconds)
    implements PrecomputeOutcome {}
