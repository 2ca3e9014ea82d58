package com.ltvforecast.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories in /tmp and SHA-256 digests, shared by every function that stages files. */
public final class LocalFiles {

  private LocalFiles() {}

  /** A new, empty directory under {@code root}, created with its parents. */
  public static Path createWorkDir(Path root, String prefix) {
    try {
      Files.createDirectories(root);
      return Files.createTempDirectory(root, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory under " + root, e);
    }
  }

  /** Best-effort removal: /tmp belongs to one execution environment and a leftover is harmless. */
  public static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Nothing to report: the directory is scratch space.
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
