package com.ltvforecast.curated;

import com.ltvforecast.storage.LocalFiles;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Where things live in the data bucket.
 *
 * <pre>
 * raw/...                                              uploads (the only trigger prefix)
 * curated/transactions/bucket=007/&lt;source&gt;-&lt;upload&gt;.csv.zst validated rows, Hive-style buckets
 * curated/_manifests/&lt;source&gt;.json                        one manifest per source object
 * curated/_athena/transactions/&lt;source&gt;.txt               Athena symlinks to the published files
 * quarantine/&lt;source&gt;/&lt;upload&gt;/report.json               why rows or files were rejected
 * models/&lt;name&gt;/&lt;version&gt;/                                artifacts and metadata
 * </pre>
 *
 * <p>{@code source} is a digest of the raw key, so a re-upload of the same key maps to the same
 * manifest and replaces its earlier output. {@code upload} is a digest of the object's ETag and
 * version, so two uploads never share file names, and a curated file is never overwritten. Athena
 * reads a symlink table at {@code curated/_athena/transactions/}, whose link files name only the
 * files of published manifests (docs/athena.md).
 */
public final class CuratedLayout {

  public static final String RAW_PREFIX = "raw/";
  public static final String CURATED_PREFIX = "curated/";
  public static final String TRANSACTIONS_PREFIX = "curated/transactions/";
  public static final String MANIFESTS_PREFIX = "curated/_manifests/";

  /** Athena's table location: one link file per source, naming exactly its published files. */
  public static final String ATHENA_LINKS_PREFIX = "curated/_athena/transactions/";

  public static final String QUARANTINE_PREFIX = "quarantine/";
  public static final String MODELS_PREFIX = "models/";

  private CuratedLayout() {}

  public static String sourceId(String rawKey) {
    return digest(rawKey).substring(0, 20);
  }

  public static String uploadTag(String etag, String versionId) {
    return digest(etag + "|" + (versionId == null ? "" : versionId)).substring(0, 12);
  }

  public static String manifestKey(String sourceId) {
    return MANIFESTS_PREFIX + sourceId + ".json";
  }

  public static String athenaLinkKey(String sourceId) {
    return ATHENA_LINKS_PREFIX + sourceId + ".txt";
  }

  public static String bucketPrefix(int bucket) {
    return TRANSACTIONS_PREFIX + "bucket=" + String.format("%03d", bucket) + "/";
  }

  public static String dataKey(int bucket, String sourceId, String uploadTag) {
    return bucketPrefix(bucket) + sourceId + "-" + uploadTag + CuratedFormat.EXTENSION;
  }

  public static String quarantinePrefix(String sourceId, String uploadTag) {
    return QUARANTINE_PREFIX + sourceId + "/" + uploadTag + "/";
  }

  static String digest(String text) {
    return HexFormat.of()
        .formatHex(LocalFiles.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
