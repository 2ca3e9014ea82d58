/**
 * The model registry: versions, statuses, metrics, checksums, and the conditional production
 * pointer.
 */
package com.ltvforecast.registry;
