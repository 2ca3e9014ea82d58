/** The object store port (data bucket) and its S3 adapter. */
package com.ltvforecast.storage;
