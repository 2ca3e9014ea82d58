package com.ltvforecast.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's own files: events/, template.yaml and the datasets under data/. */
public final class ProjectFiles {

  private ProjectFiles() {}

  /** The repository root: the nearest folder above the working directory holding template.yaml. */
  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("template.yaml"))
          && Files.isDirectory(p.resolve("events"))) {
        return p;
      }
    }
    throw new IllegalStateException("no template.yaml above " + dir);
  }

  public static Path event(String name) {
    return root().resolve("events").resolve(name);
  }

  /** A dataset file or folder under the repository's {@code data/}. */
  public static Path data(String relative) {
    Path candidate = root().resolve("data").resolve(relative);
    if (!Files.exists(candidate)) {
      throw new IllegalStateException("dataset data/" + relative + " not found in " + root());
    }
    return candidate;
  }
}
