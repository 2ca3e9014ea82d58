package com.ltvforecast.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions of the engine that trains and scores the network, as the build set them (the root
 * pom's {@code djl.version} and {@code pytorch.native.version}, written into {@code
 * engine-versions.properties}), for a model's metadata. Nothing here repeats a version number.
 */
public final class EngineVersions {

  static final String RESOURCE = "engine-versions.properties";

  private EngineVersions() {}

  /** java, djl and pytorch versions, in that order. */
  public static Map<String, String> recorded() {
    Properties p = new Properties();
    try (InputStream in = EngineVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the classpath: the build writes it");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("djl", p.getProperty("djl"));
    versions.put("pytorch", p.getProperty("pytorch"));
    return versions;
  }
}
