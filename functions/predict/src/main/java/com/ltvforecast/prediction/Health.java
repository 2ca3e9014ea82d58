package com.ltvforecast.prediction;

import java.time.Instant;

/** {@code GET /health} when a model is loaded. */
public record Health(String status, String modelVersion, Instant loadedAt) {}
