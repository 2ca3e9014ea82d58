package com.ltvforecast.prediction;

/** No route matches the path. */
public class RouteNotFoundException extends PredictionException {
  public RouteNotFoundException(String path) {
    super("no route for " + (path.length() > 100 ? path.substring(0, 100) + "..." : path));
  }
}
