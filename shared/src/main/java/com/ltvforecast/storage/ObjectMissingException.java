package com.ltvforecast.storage;

/** The object named by an event no longer exists. */
public class ObjectMissingException extends StorageException {
  public ObjectMissingException(String key) {
    super("object " + key + " does not exist");
  }
}
