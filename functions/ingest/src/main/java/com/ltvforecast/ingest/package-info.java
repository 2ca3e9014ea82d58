/** S3-triggered ingestion: raw CSV uploads to curated buckets, quarantine reports and manifests. */
package com.ltvforecast.ingest;
