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

  /** Reads a small object whole, or empty when it does not exist. */
  Optional<byte[]> read(String key);

  void write(String key, byte[] content, String contentType);

  void upload(String key, Path file, String contentType);

  /**
   * Uploads a file whose SHA-256 (hex) the caller has already computed. The store checks what it
   * receives against it and rejects the upload on a mismatch, so the digest that a manifest records
   * is verified end to end.
   */
  void upload(String key, Path file, String contentType, String sha256Hex);

  void copy(String sourceKey, String targetKey);

  /** Every key under a prefix, in lexicographic order. */
  List<String> list(String prefix);

  void delete(String key);
}
