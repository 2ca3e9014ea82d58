package com.ltvforecast.training;

import com.ltvforecast.transactions.CustomerHash;
import java.util.List;

/**
 * The deterministic customer-level split by a hash of {@code customer_id}: the reported validation
 * customers are scored once, at the end, and used for nothing else. Every fitting, early stopping
 * and selection uses the other (training) customers, cross-fitted in folds ({@link
 * com.ltvforecast.selection.Folds}).
 */
final class CustomerSplit {

  static final double VALIDATION_SHARE = 0.2;

  private CustomerSplit() {}

  static boolean isValidation(String customerId) {
    return CustomerHash.unit(customerId, "validation") < VALIDATION_SHARE;
  }

  static boolean[] validation(List<String> customerIds) {
    boolean[] v = new boolean[customerIds.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = isValidation(customerIds.get(i));
    }
    return v;
  }
}
