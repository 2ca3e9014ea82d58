package com.ltvforecast.ingest;

import com.ltvforecast.curated.CuratedLayout;
import com.ltvforecast.curated.Manifest;
import com.ltvforecast.json.Json;
import com.ltvforecast.storage.ListedObject;
import com.ltvforecast.storage.ObjectInfo;
import com.ltvforecast.storage.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reconciles {@code raw/} against the curated manifests, for the S3 events that never arrived or
 * whose invocations failed for good (S3 delivers at least once, but a dropped notification or an
 * event that exhausted its retries leaves a raw object unpublished):
 *
 * <ul>
 *   <li>a raw object with no manifest, or whose manifest records another ETag (an earlier upload),
 *       is ingested again through {@link IngestService#ingest}, the same path as its event, so
 *       every rule of that path holds (the later upload wins, a concurrent event changes nothing
 *       twice);
 *   <li>a curated file that no manifest names (an ingestion that crashed between its data files and
 *       its manifest and was never retried) is deleted once it is older than the grace period,
 *       after checking again that its manifest still does not name it and that it was not
 *       re-uploaded meanwhile (on a versioned bucket only the version checked is deleted, so a
 *       re-upload after the check survives);
 *   <li>a manifest whose raw object is gone is reported: deleting a raw object does not unpublish
 *       its rows (ingestion reacts to ObjectCreated only), and whether it should is the owner's
 *       decision.
 * </ul>
 *
 * <p>The re-drive's command carries the ETag the listing showed and no sequencer (a listing has
 * none), so an object overwritten after the listing is answered SUPERSEDED by the ingest service,
 * and its own event ingests it.
 */
public final class ReconcileService {

  /** The suffixes whose uploads notify ingestion (template.yaml's two notification rules). */
  public static final List<String> INGESTED_SUFFIXES = List.of(".csv", ".csv.gz");

  /**
   * {@code <source id>-<upload tag>.<extension>}, as {@link CuratedLayout#dataKey} names curated
   * files.
   */
  private static final Pattern DATA_FILE =
      Pattern.compile("([0-9a-f]{20})-[0-9a-f]{12}\\.csv\\.(zst|gz)");

  private final ObjectStore store;
  private final IngestService ingest;
  private final Clock clock;

  public ReconcileService(ObjectStore store, IngestService ingest, Clock clock) {
    this.store = store;
    this.ingest = ingest;
    this.clock = clock;
  }

  public ReconcileReport reconcile(ReconcileCommand command) {
    long startedNanos = System.nanoTime();
    Instant started = clock.instant();
    List<String> unreadable = new ArrayList<>();
    Map<String, Manifest> manifests = readManifests(unreadable);

    List<ListedObject> raw = store.listObjects(CuratedLayout.RAW_PREFIX);
    Set<String> rawKeys = new HashSet<>();
    List<ListedObject> unreconciled = new ArrayList<>();
    List<String> unmanifested = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    int ingestible = 0;
    for (ListedObject object : raw) {
      rawKeys.add(object.key());
      if (INGESTED_SUFFIXES.stream().noneMatch(object.key()::endsWith)) {
        continue;
      }
      ingestible++;
      Manifest manifest =
          manifests.get(CuratedLayout.manifestKey(CuratedLayout.sourceId(object.key())));
      if (manifest == null) {
        unmanifested.add(object.key());
        unreconciled.add(object);
      } else if (!object.etag().equals(manifest.sourceEtag())) {
        stale.add(object.key());
        unreconciled.add(object);
      }
    }
    List<String> rawGone =
        manifests.values().stream()
            .map(Manifest::sourceKey)
            .filter(k -> !rawKeys.contains(k))
            .sorted()
            .toList();

    Set<String> named = new HashSet<>();
    manifests.values().forEach(m -> m.files().forEach(f -> named.add(f.key())));
    Instant cutoff = started.minus(command.orphanGrace());
    List<String> orphans = new ArrayList<>();
    int withinGrace = 0;
    int deleted = 0;
    for (ListedObject file : store.listObjects(CuratedLayout.TRANSACTIONS_PREFIX)) {
      if (named.contains(file.key())) {
        continue;
      }
      orphans.add(file.key());
      if (file.lastModified() == null || file.lastModified().isAfter(cutoff)) {
        withinGrace++;
      } else if (!command.dryRun()) {
        Optional<ObjectInfo> orphan = stillOrphaned(file.key(), cutoff);
        if (orphan.isEmpty()) {
          continue;
        }
        store.deleteVersion(file.key(), orphan.get().versionId());
        deleted++;
        IngestTelemetry.orphanDeleted(file.key(), file.lastModified());
      }
    }

    Map<IngestOutcome.Status, Integer> redriven = new EnumMap<>(IngestOutcome.Status.class);
    int failed = 0;
    int deferred = 0;
    int attempted = 0;
    if (!command.dryRun()) {
      for (ListedObject object : unreconciled) {
        if (attempted >= command.maxRedrives()) {
          deferred++;
          continue;
        }
        attempted++;
        try {
          IngestOutcome outcome =
              ingest.ingest(new IngestCommand(object.key(), object.etag(), null, null));
          redriven.merge(outcome.status(), 1, Integer::sum);
          IngestTelemetry.redriven(object.key(), outcome);
        } catch (RuntimeException e) {
          failed++;
          IngestTelemetry.redriveFailed(object.key(), e);
        }
      }
    }
    int unresolved =
        failed
            + deferred
            + (command.dryRun() ? unreconciled.size() + orphans.size() - withinGrace : 0);
    return new ReconcileReport(
        started,
        command.dryRun(),
        command.orphanGrace().toHours(),
        ingestible,
        manifests.size() + unreadable.size(),
        head(unmanifested),
        unmanifested.size(),
        head(stale),
        stale.size(),
        head(rawGone),
        rawGone.size(),
        head(unreadable),
        head(orphans),
        orphans.size(),
        withinGrace,
        deleted,
        redriven,
        failed,
        deferred,
        unresolved,
        (System.nanoTime() - startedNanos) / 1e9);
  }

  /** Every manifest by key; the ones that do not parse are named in {@code unreadable}. */
  private Map<String, Manifest> readManifests(List<String> unreadable) {
    Map<String, Manifest> manifests = new HashMap<>();
    for (ListedObject listed : store.listObjects(CuratedLayout.MANIFESTS_PREFIX)) {
      if (!listed.key().endsWith(".json")) {
        continue;
      }
      Optional<Manifest> manifest = readManifest(listed.key());
      if (manifest.isPresent()) {
        manifests.put(listed.key(), manifest.get());
      } else if (store.head(listed.key()).isPresent()) {
        unreadable.add(listed.key());
      }
    }
    return manifests;
  }

  private Optional<Manifest> readManifest(String key) {
    try {
      return store.read(key).map(bytes -> Json.read(bytes, Manifest.class));
    } catch (RuntimeException e) {
      IngestTelemetry.manifestUnreadable(key, e);
      return Optional.empty();
    }
  }

  /**
   * Checks an orphan again just before deleting it, and names the version to delete: its source's
   * manifest may have been written since the listing (a retried ingestion re-uploads its files,
   * then names them), and the file may have been uploaded again. Only the version seen here, if it
   * is still past the grace period, is deleted; on a versioned bucket (as deployed) a version
   * uploaded after this check survives the delete.
   */
  private Optional<ObjectInfo> stillOrphaned(String key, Instant cutoff) {
    Optional<ObjectInfo> seen = store.head(key);
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    boolean old =
        store.listObjects(key).stream()
            .anyMatch(
                o ->
                    o.key().equals(key)
                        && o.etag().equals(seen.get().etag())
                        && o.lastModified() != null
                        && !o.lastModified().isAfter(cutoff));
    if (!old) {
      return Optional.empty();
    }
    Matcher name = DATA_FILE.matcher(key.substring(key.lastIndexOf('/') + 1));
    if (name.matches()) {
      Optional<Manifest> manifest = readManifest(CuratedLayout.manifestKey(name.group(1)));
      if (manifest.isPresent()
          && manifest.get().files().stream().anyMatch(f -> f.key().equals(key))) {
        return Optional.empty();
      }
    }
    return seen;
  }

  private static List<String> head(List<String> keys) {
    return List.copyOf(keys.subList(0, Math.min(keys.size(), ReconcileReport.MAX_LISTED)));
  }
}
