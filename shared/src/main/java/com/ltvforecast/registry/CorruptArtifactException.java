package com.ltvforecast.registry;

/** Model artifacts missing or not matching the checksum the registry recorded. */
public class CorruptArtifactException extends RuntimeException {
  public CorruptArtifactException(String version, String detail) {
    super("model version " + version + " is unusable: " + detail);
  }
}
