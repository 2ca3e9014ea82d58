package com.ltvforecast.storage;

/** What a HEAD request tells about an object. {@code versionId} is null on unversioned buckets. */
public record ObjectInfo(String key, long size, String etag, String versionId) {}
