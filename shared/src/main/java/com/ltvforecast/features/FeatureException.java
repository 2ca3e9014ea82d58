package com.ltvforecast.features;

/** Base of every failure in feature computation. */
public class FeatureException extends RuntimeException {
  public FeatureException(String message) {
    super(message);
  }
}
