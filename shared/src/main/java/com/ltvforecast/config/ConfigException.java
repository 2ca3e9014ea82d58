package com.ltvforecast.config;

/** A missing or malformed setting. The message names the environment variable. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
