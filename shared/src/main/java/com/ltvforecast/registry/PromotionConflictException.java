package com.ltvforecast.registry;

/** Another run moved the production pointer between our read and our conditional write. */
public class PromotionConflictException extends RuntimeException {
  public PromotionConflictException(String modelName, String version, String expectedCurrent) {
    super(
        "cannot promote "
            + modelName
            + " "
            + version
            + ": production is no longer "
            + (expectedCurrent == null ? "unset" : expectedCurrent));
  }
}
