package com.ltvforecast.btyd;

/**
 * A BTYD maximum-likelihood fit did not give usable parameters: the optimiser did not converge, the
 * likelihood was not finite, or the optimum lies on the search boundary (the MLE does not exist in
 * the interior, e.g. a dataset with no sign of dropout).
 */
public class BtydFitException extends RuntimeException {
  public BtydFitException(String message) {
    super(message);
  }

  public BtydFitException(String message, Throwable cause) {
    super(message, cause);
  }
}
