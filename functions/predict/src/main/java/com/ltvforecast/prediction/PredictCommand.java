package com.ltvforecast.prediction;

import com.ltvforecast.transactions.Transaction;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code POST /predict}: one or more instances, scored in one batched call.
 *
 * @param batch true for an {@code {"instances": [...]}} body, answered with a list
 */
public record PredictCommand(List<Instance> instances, boolean batch) {

  public PredictCommand {
    instances = List.copyOf(instances);
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("a prediction needs at least one instance");
    }
    if (!batch && instances.size() != 1) {
      throw new IllegalArgumentException(
          "a single prediction has exactly one instance, got " + instances.size());
    }
  }

  /** One customer to score, from stored features or from transactions in the body. */
  public sealed interface Instance permits StoredFeatures, FromTransactions {
    String customerId();

    boolean explain();
  }

  /** Score from the customer's online features in FeatureTable. */
  public record StoredFeatures(String customerId, boolean explain) implements Instance {
    public StoredFeatures {
      Objects.requireNonNull(customerId, "customerId");
    }
  }

  /** Score from features computed at {@code asOf} over transactions given in the request. */
  public record FromTransactions(
      String customerId, LocalDate asOf, List<Transaction> transactions, boolean explain)
      implements Instance {
    public FromTransactions {
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(asOf, "asOf");
      transactions = List.copyOf(transactions);
    }
  }
}
