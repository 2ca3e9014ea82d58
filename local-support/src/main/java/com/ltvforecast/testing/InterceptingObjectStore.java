package com.ltvforecast.testing;

import com.ltvforecast.storage.ListedObject;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectStore;
import com.ltvforecast.storage.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a real {@link ObjectStore} (S3 on moto, or the in-memory fake) and calls a hook before each
 * operation, for fault injection: the hook may sleep, wait on a latch, or throw to simulate a crash
 * at that point. Every call that the hook lets through goes to the real store.
 */
public final class InterceptingObjectStore implements ObjectStore {

  /** The operations, as the hook sees them. */
  public enum Op {
    HEAD,
    OPEN,
    READ,
    WRITE,
    WRITE_IF_MATCH,
    UPLOAD,
    COPY,
    LIST,
    DELETE
  }

  /** Called before every operation, on the caller's thread. */
  @FunctionalInterface
  public interface Hook {
    void before(Op op, String key);
  }

  private final ObjectStore delegate;
  private final Hook hook;

  public InterceptingObjectStore(ObjectStore delegate, Hook hook) {
    this.delegate = delegate;
    this.hook = hook;
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    hook.before(Op.HEAD, key);
    return delegate.head(key);
  }

  @Override
  public InputStream open(String key, String expectedEtag) {
    hook.before(Op.OPEN, key);
    return delegate.open(key, expectedEtag);
  }

  @Override
  public InputStream open(String key, String expectedEtag, String versionId) {
    hook.before(Op.OPEN, key);
    return delegate.open(key, expectedEtag, versionId);
  }

  @Override
  public Optional<byte[]> read(String key) {
    hook.before(Op.READ, key);
    return delegate.read(key);
  }

  @Override
  public Optional<StoredObject> readWithEtag(String key) {
    hook.before(Op.READ, key);
    return delegate.readWithEtag(key);
  }

  @Override
  public void write(String key, byte[] content, String contentType) {
    hook.before(Op.WRITE, key);
    delegate.write(key, content, contentType);
  }

  @Override
  public ObjectInfo writeIfMatch(
      String key, byte[] content, String contentType, String expectedEtag) {
    hook.before(Op.WRITE_IF_MATCH, key);
    return delegate.writeIfMatch(key, content, contentType, expectedEtag);
  }

  @Override
  public void upload(String key, Path file, String contentType) {
    hook.before(Op.UPLOAD, key);
    delegate.upload(key, file, contentType);
  }

  @Override
  public ObjectInfo upload(String key, Path file, String contentType, String sha256Hex) {
    hook.before(Op.UPLOAD, key);
    return delegate.upload(key, file, contentType, sha256Hex);
  }

  @Override
  public void copy(String sourceKey, String targetKey) {
    hook.before(Op.COPY, targetKey);
    delegate.copy(sourceKey, targetKey);
  }

  @Override
  public List<String> list(String prefix) {
    hook.before(Op.LIST, prefix);
    return delegate.list(prefix);
  }

  @Override
  public List<ListedObject> listObjects(String prefix) {
    hook.before(Op.LIST, prefix);
    return delegate.listObjects(prefix);
  }

  @Override
  public void delete(String key) {
    hook.before(Op.DELETE, key);
    delegate.delete(key);
  }

  @Override
  public void deleteVersion(String key, String versionId) {
    hook.before(Op.DELETE, key);
    delegate.deleteVersion(key, versionId);
  }

  @Override
  public String uri(String key) {
    return delegate.uri(key);
  }
}
