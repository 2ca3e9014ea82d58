package com.ltvforecast.selection;

import com.ltvforecast.transactions.CustomerHash;
import java.util.List;

/**
 * Deterministic K-fold assignment of customers by a hash of {@code customer_id}: the same customer,
 * the same fold.
 */
public final class Folds {

  static final String SALT = "selection-fold";

  private Folds() {}

  public static int[] assign(List<String> customerIds, int folds) {
    return assign(customerIds, folds, SALT);
  }

  public static int[] assign(List<String> customerIds, int folds, String salt) {
    int[] fold = new int[customerIds.size()];
    for (int i = 0; i < fold.length; i++) {
      fold[i] = Math.min(folds - 1, (int) (CustomerHash.unit(customerIds.get(i), salt) * folds));
    }
    return fold;
  }
}
