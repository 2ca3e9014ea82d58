package com.ltvforecast.endpoint;

/** No AWS endpoint could be found or started; the message says what to install. */
public class EndpointUnavailableException extends RuntimeException {
  public EndpointUnavailableException(String message) {
    super(message);
  }

  public EndpointUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
