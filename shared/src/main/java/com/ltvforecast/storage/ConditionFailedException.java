package com.ltvforecast.storage;

/**
 * A conditional write found the object in another state than the caller expected (S3 answers 412
 * Precondition Failed, or 409 ConditionalRequestConflict while another conditional write to the key
 * is in flight): someone else wrote it first.
 */
public class ConditionFailedException extends StorageException {
  public ConditionFailedException(String key, String expectedEtag) {
    super(
        expectedEtag == null
            ? "object " + key + " was created by another writer"
            : "object "
                + key
                + " no longer has ETag "
                + expectedEtag
                + ": another writer replaced it");
  }
}
