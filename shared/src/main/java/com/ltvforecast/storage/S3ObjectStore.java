package com.ltvforecast.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on one S3 bucket. */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;
  private final String bucket;

  public S3ObjectStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(
          new ObjectInfo(key, head.contentLength(), unquote(head.eTag()), head.versionId()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (absent(key, e)) {
        return Optional.empty();
      }
      throw new StorageException("HEAD s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public InputStream open(String key, String expectedEtag) {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
    if (expectedEtag != null) {
      request.ifMatch(expectedEtag);
    }
    try {
      return s3.getObject(request.build());
    } catch (NoSuchKeyException e) {
      throw new ObjectMissingException(key);
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw new ObjectChangedException(key, expectedEtag);
      }
      if (absent(key, e)) {
        throw new ObjectMissingException(key);
      }
      throw new StorageException("GET s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public InputStream open(String key, String expectedEtag, String versionId) {
    if (versionId == null) {
      return open(key, expectedEtag);
    }
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId);
    if (expectedEtag != null) {
      request.ifMatch(expectedEtag);
    }
    try {
      return s3.getObject(request.build());
    } catch (NoSuchKeyException e) {
      throw new ObjectMissingException(key + " version " + versionId);
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw new ObjectChangedException(key + " version " + versionId, expectedEtag);
      }
      if (e.statusCode() == 404
          || e.statusCode() == 400 && "InvalidArgument".equals(errorCode(e))) {
        throw new ObjectMissingException(key + " version " + versionId);
      }
      throw new StorageException(
          "GET s3://" + bucket + "/" + key + "?versionId=" + versionId + " failed", e);
    }
  }

  @Override
  public Optional<StoredObject> readWithEtag(String key) {
    try {
      var response = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return Optional.of(
          new StoredObject(
              response.asByteArray(),
              unquote(response.response().eTag()),
              response.response().versionId()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (absent(key, e)) {
        return Optional.empty();
      }
      throw new StorageException("GET s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public ObjectInfo writeIfMatch(
      String key, byte[] content, String contentType, String expectedEtag) {
    try {
      PutObjectResponse response =
          s3.putObject(
              b -> {
                b.bucket(bucket).key(key).contentType(contentType);
                if (expectedEtag == null) {
                  b.ifNoneMatch("*");
                } else {
                  b.ifMatch(quote(expectedEtag));
                }
              },
              RequestBody.fromBytes(content));
      return new ObjectInfo(key, content.length, unquote(response.eTag()), response.versionId());
    } catch (S3Exception e) {
      // 412: the condition did not hold; 409 ConditionalRequestConflict: a concurrent conditional
      // write to the key is in progress. Either way another writer won.
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        throw new ConditionFailedException(key, expectedEtag);
      }
      throw new StorageException("conditional PUT s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Whether a failed HEAD or GET means the key does not exist. S3 answers 404 for a missing key
   * only to callers allowed to list the bucket without conditions; a role whose {@code
   * s3:ListBucket} is limited to prefixes gets 403 instead. So a 403 counts as absent only when a
   * listing of exactly that key (which such a role may make) shows no such key; a real permission
   * problem stays an error.
   */
  private boolean absent(String key, S3Exception e) {
    if (e.statusCode() == 404) {
      return true;
    }
    if (e.statusCode() != 403) {
      return false;
    }
    try {
      return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
          .noneMatch(o -> o.key().equals(key));
    } catch (S3Exception listingDenied) {
      e.addSuppressed(listingDenied);
      return false;
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String quote(String etag) {
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (absent(key, e)) {
        return Optional.empty();
      }
      throw new StorageException("GET s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public void write(String key, byte[] content, String contentType) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
  }

  @Override
  public void upload(String key, Path file, String contentType) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
  }

  /**
   * Sends the digest as the {@code x-amz-checksum-sha256} header, which S3 verifies against the
   * bytes it receives; the SDK then computes no checksum of its own to send as a trailer. (Naming
   * the algorithm as well would make the SDK compute and send a trailer besides.)
   */
  @Override
  public ObjectInfo upload(String key, Path file, String contentType, String sha256Hex) {
    String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    PutObjectResponse response =
        s3.putObject(
            b -> b.bucket(bucket).key(key).contentType(contentType).checksumSHA256(checksum),
            RequestBody.fromFile(file));
    return new ObjectInfo(
        key, file.toFile().length(), unquote(response.eTag()), response.versionId());
  }

  @Override
  public void copy(String sourceKey, String targetKey) {
    s3.copyObject(
        b ->
            b.sourceBucket(bucket)
                .sourceKey(sourceKey)
                .destinationBucket(bucket)
                .destinationKey(targetKey));
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      keys.add(object.key());
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public List<ListedObject> listObjects(String prefix) {
    List<ListedObject> objects = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      objects.add(
          new ListedObject(
              object.key(), object.size(), unquote(object.eTag()), object.lastModified()));
    }
    objects.sort(java.util.Comparator.comparing(ListedObject::key));
    return objects;
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  @Override
  public void deleteVersion(String key, String versionId) {
    if (versionId == null) {
      delete(key);
    } else {
      s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId));
    }
  }

  private static String unquote(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }
}
