package com.ltvforecast.testing;

import com.ltvforecast.storage.ConditionFailedException;
import com.ltvforecast.storage.ListedObject;
import com.ltvforecast.storage.LocalFiles;
import com.ltvforecast.storage.ObjectChangedException;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectMissingException;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.StorageException;
import com.ltvforecast.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory fake of the {@link ObjectStore} port, for unit tests of our own services only. */
public final class InMemoryObjectStore implements ObjectStore {

  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  /** Every version ever written, by key then version id, when the store is versioned. */
  private final Map<String, Map<String, byte[]>> versions = new ConcurrentHashMap<>();

  private final Map<String, String> currentVersion = new ConcurrentHashMap<>();
  private final AtomicLong nextVersion = new AtomicLong(1);
  private final Map<String, Instant> lastModified = new ConcurrentHashMap<>();
  private final boolean versioned;

  /** An unversioned store: objects carry no version id. */
  public InMemoryObjectStore() {
    this(false);
  }

  /**
   * With {@code versioned}, like an S3 bucket with versioning: replaced and deleted versions stay
   * readable.
   */
  public InMemoryObjectStore(boolean versioned) {
    this.versioned = versioned;
  }

  public synchronized void put(String key, byte[] content) {
    objects.put(key, content.clone());
    lastModified.put(key, Instant.now());
    if (versioned) {
      String id = "v" + nextVersion.getAndIncrement();
      versions.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(id, content.clone());
      currentVersion.put(key, id);
    }
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
    return content == null
        ? Optional.empty()
        : Optional.of(
            new ObjectInfo(key, content.length, etagOf(content), currentVersion.get(key)));
  }

  @Override
  public InputStream open(String key, String expectedEtag, String versionId) {
    if (versionId == null) {
      return open(key, expectedEtag);
    }
    byte[] content = versions.getOrDefault(key, Map.of()).get(versionId);
    if (content == null) {
      throw new ObjectMissingException(key + " version " + versionId);
    }
    if (expectedEtag != null && !expectedEtag.equals(etagOf(content))) {
      throw new ObjectChangedException(key, expectedEtag);
    }
    return new ByteArrayInputStream(content);
  }

  @Override
  public synchronized Optional<StoredObject> readWithEtag(String key) {
    byte[] content = objects.get(key);
    return content == null
        ? Optional.empty()
        : Optional.of(new StoredObject(content.clone(), etagOf(content), currentVersion.get(key)));
  }

  @Override
  public synchronized ObjectInfo writeIfMatch(
      String key, byte[] content, String contentType, String expectedEtag) {
    byte[] current = objects.get(key);
    boolean holds =
        expectedEtag == null
            ? current == null
            : current != null && expectedEtag.equals(etagOf(current));
    if (!holds) {
      throw new ConditionFailedException(key, expectedEtag);
    }
    put(key, content);
    return head(key).orElseThrow();
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

  /**
   * Like S3 with {@code x-amz-checksum-sha256}: a file whose bytes differ from the digest is
   * refused.
   */
  @Override
  public ObjectInfo upload(String key, Path file, String contentType, String sha256Hex) {
    try {
      byte[] content = Files.readAllBytes(file);
      String actual = HexFormat.of().formatHex(LocalFiles.sha256().digest(content));
      if (!actual.equals(sha256Hex)) {
        throw new StorageException(
            "BadDigest: " + key + " has SHA-256 " + actual + ", not " + sha256Hex);
      }
      put(key, content);
      return head(key).orElseThrow();
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
  public List<ListedObject> listObjects(String prefix) {
    List<ListedObject> listed = new ArrayList<>();
    objects
        .subMap(prefix, prefix + Character.MAX_VALUE)
        .forEach(
            (key, content) ->
                listed.add(
                    new ListedObject(key, content.length, etagOf(content), lastModified.get(key))));
    return listed;
  }

  /** Makes an object look older, as a listing reports it, for tests of grace periods. */
  public void setLastModified(String key, Instant when) {
    lastModified.put(key, when);
  }

  @Override
  public synchronized void deleteVersion(String key, String versionId) {
    if (versionId == null || !versioned) {
      delete(key);
      return;
    }
    versions.getOrDefault(key, new ConcurrentHashMap<>()).remove(versionId);
    if (versionId.equals(currentVersion.get(key))) {
      delete(key);
    }
  }

  @Override
  public synchronized void delete(String key) {
    objects.remove(key);
    lastModified.remove(key);
    currentVersion.remove(key);
  }
}
