package com.ltvforecast.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's own files (events/, template.yaml) and the datasets in ../shared/data. */
public final class ProjectFiles {

  private ProjectFiles() {}

  /** The repository root: the nearest folder above the working directory holding template.yaml. */
  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("events"))) {
        return p;
      }
    }
    throw new IllegalStateException("no template.yaml above " + dir);
  }

  public static Path event(String name) {
    return root().resolve("events").resolve(name);
  }

  /** A dataset under shared/data, found beside the repository or in any folder above it. */
  public static Path sharedData(String relative) {
    for (Path p = root(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("dataset shared/data/" + relative + " not found beside " + root()
        + " or above it; CI lays it out as ../shared/data next to the clone");
  }
}
