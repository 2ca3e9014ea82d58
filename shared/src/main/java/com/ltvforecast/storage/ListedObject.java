package com.ltvforecast.storage;

import java.time.Instant;

/** One entry of a bucket listing: what a LIST request tells about an object without reading it. */
public record ListedObject(String key, long size, String etag, Instant lastModified) {}
