package com.ltvforecast.training;

import com.ltvforecast.model.TrainingData;
import com.ltvforecast.transactions.CustomerHash;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The deterministic customer-level split by a hash of {@code customer_id}. Validation customers are
 * only ever scored; early stopping watches a separate slice of the training customers, so the
 * validation figures the gate reads are never steered by training.
 */
final class CustomerSplit {

  enum Role { FIT, EARLY_STOPPING, VALIDATION }

  static final double VALIDATION_SHARE = 0.2;
  static final double EARLY_STOPPING_SHARE = 0.15;

  private final Role[] roles;

  CustomerSplit(List<String> customerIds) {
    roles = new Role[customerIds.size()];
    for (int i = 0; i < roles.length; i++) {
      roles[i] = roleOf(customerIds.get(i));
    }
  }

  static Role roleOf(String customerId) {
    if (CustomerHash.unit(customerId, "validation") < VALIDATION_SHARE) {
      return Role.VALIDATION;
    }
    return CustomerHash.unit(customerId, "early-stopping") < EARLY_STOPPING_SHARE ? Role.EARLY_STOPPING : Role.FIT;
  }

  int count(Role first, Role... rest) {
    Set<Role> wanted = EnumSet.of(first, rest);
    int count = 0;
    for (Role role : roles) {
      count += wanted.contains(role) ? 1 : 0;
    }
    return count;
  }

  /** The elements of {@code all} (one per customer, in training-set order) whose customer has a wanted role. */
  <T> List<T> rows(List<T> all, Role first, Role... rest) {
    Set<Role> wanted = EnumSet.of(first, rest);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < roles.length; i++) {
      if (wanted.contains(roles[i])) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  TrainingData data(double[][] features, double[] spend, boolean[] churned, Role role) {
    int n = count(role);
    double[][] x = new double[n][];
    double[] s = new double[n];
    boolean[] c = new boolean[n];
    for (int i = 0, k = 0; i < roles.length; i++) {
      if (roles[i] == role) {
        x[k] = features[i];
        s[k] = spend[i];
        c[k++] = churned[i];
      }
    }
    return new TrainingData(x, s, c);
  }
}
