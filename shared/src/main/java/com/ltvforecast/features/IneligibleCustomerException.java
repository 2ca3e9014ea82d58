package com.ltvforecast.features;

/** Features were asked for a customer whose first purchase-day is not before the as-of date. */
public class IneligibleCustomerException extends FeatureException {
  public IneligibleCustomerException(String message) {
    super(message);
  }
}
