package com.ltvforecast.testing;

import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectChangedException;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectMissingException;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory fake of the {@link ObjectStore} port, for unit tests of our own services only. */
public final class InMemoryObjectStore implements ObjectStore {

  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  public void put(String key, byte[] content) {
    objects.put(key, content.clone());
  }

  public byte[] get(String key) {
    byte[] content = objects.get(key);
    if (content == null) {
      throw new AssertionError("no object " + key + "; keys: " + objects.keySet());
    }
    return content;
  }

  public List<String> keys() {
    return new ArrayList<>(objects.keySet());
  }

  public static String etagOf(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    byte[] content = objects.get(key);
    return content == null ? Optional.empty()
        : Optional.of(new ObjectInfo(key, content.length, etagOf(content), null));
  }

  @Override
  public InputStream open(String key, String expectedEtag) {
    byte[] content = objects.get(key);
    if (content == null) {
      throw new ObjectMissingException(key);
    }
    if (expectedEtag != null && !expectedEtag.equals(etagOf(content))) {
      throw new ObjectChangedException(key, expectedEtag);
    }
    return new ByteArrayInputStream(content);
  }

  @Override
  public Optional<byte[]> read(String key) {
    return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
  }

  @Override
  public void write(String key, byte[] content, String contentType) {
    put(key, content);
  }

  @Override
  public void upload(String key, Path file, String contentType) {
    try {
      put(key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like S3 with {@code x-amz-checksum-sha256}: a file whose bytes differ from the digest is refused. */
  @Override
  public void upload(String key, Path file, String contentType, String sha256Hex) {
    try {
      byte[] content = Files.readAllBytes(file);
      String actual = HexFormat.of().formatHex(LocalFiles.sha256().digest(content));
      if (!actual.equals(sha256Hex)) {
        throw new StorageException("BadDigest: " + key + " has SHA-256 " + actual + ", not " + sha256Hex);
      }
      put(key, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void copy(String sourceKey, String targetKey) {
    put(targetKey, get(sourceKey));
  }

  @Override
  public List<String> list(String prefix) {
    return new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }
}
