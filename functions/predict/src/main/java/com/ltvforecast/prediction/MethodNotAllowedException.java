package com.ltvforecast.prediction;

/** The path exists but not for this method. */
public class MethodNotAllowedException extends PredictionException {

  private final String allowed;

  public MethodNotAllowedException(String method, String route, String allowed) {
    super(abbreviate(method) + " is not allowed on " + route + "; use " + allowed);
    this.allowed = allowed;
  }

  public String allowed() {
    return allowed;
  }

  private static String abbreviate(String method) {
    return method.length() > 16 ? method.substring(0, 16) + "..." : method;
  }
}
