package com.ltvforecast.storage;

/** The object was replaced after the event that named it: a newer event will follow. */
public class ObjectChangedException extends StorageException {
  public ObjectChangedException(String key, String expectedEtag) {
    super("object " + key + " no longer has ETag " + expectedEtag);
  }
}
