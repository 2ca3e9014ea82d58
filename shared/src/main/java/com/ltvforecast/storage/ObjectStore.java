package com.ltvforecast.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The port to the data bucket. The S3 adapter is {@link S3ObjectStore}. */
public interface ObjectStore {

  /** Size and identity of an object, or empty when it does not exist. */
  Optional<ObjectInfo> head(String key);

  /**
   * Streams an object. When {@code expectedEtag} is given and the object has changed since, throws
   * {@link ObjectChangedException}; when the object is gone, {@link ObjectMissingException}.
   */
  InputStream open(String key, String expectedEtag);

  /**
   * Streams one exact version of an object: {@code versionId} when given (versioned buckets keep a
   * replaced or deleted object's versions), and only while its ETag is {@code expectedEtag} when
   * given. Throws {@link ObjectChangedException} or {@link ObjectMissingException} otherwise.
   */
  default InputStream open(String key, String expectedEtag, String versionId) {
    if (versionId != null) {
      throw new StorageException("this store cannot open object versions: " + key);
    }
    return open(key, expectedEtag);
  }

  /** Reads a small object whole, or empty when it does not exist. */
  Optional<byte[]> read(String key);

  /** Reads a small object whole with its ETag, or empty when it does not exist. */
  Optional<StoredObject> readWithEtag(String key);

  void write(String key, byte[] content, String contentType);

  /**
   * Writes only if the object still has {@code expectedEtag}, or, when {@code expectedEtag} is
   * null, only if no object exists (S3 {@code If-Match} / {@code If-None-Match: *}).
   *
   * @return the written object's identity
   * @throws ConditionFailedException when another writer got there first
   */
  ObjectInfo writeIfMatch(String key, byte[] content, String contentType, String expectedEtag);

  void upload(String key, Path file, String contentType);

  /**
   * Uploads a file whose SHA-256 (hex) the caller has already computed. The store checks what it
   * receives against it and rejects the upload on a mismatch, so the digest that a manifest records
   * is verified end to end. Returns the stored object's ETag and version, so readers can ask for
   * exactly these bytes later.
   */
  ObjectInfo upload(String key, Path file, String contentType, String sha256Hex);

  /** Where the object lives, as the store's own URI (for S3 {@code s3://bucket/key}). */
  default String uri(String key) {
    return key;
  }

  void copy(String sourceKey, String targetKey);

  /** Every key under a prefix, in lexicographic order. */
  List<String> list(String prefix);

  /** Every object under a prefix with its size, ETag and last-modified time, in key order. */
  List<ListedObject> listObjects(String prefix);

  void delete(String key);

  /**
   * Deletes one version of an object for good (versioned buckets); a newer version, written
   * meanwhile, stays. With a null {@code versionId} (unversioned buckets) the same as {@link
   * #delete}.
   */
  void deleteVersion(String key, String versionId);
}
