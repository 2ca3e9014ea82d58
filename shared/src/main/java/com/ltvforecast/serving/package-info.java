/**
 * Loading a registered model for scoring: verified artifacts, metadata and the shared input
 * builder.
 */
package com.ltvforecast.serving;
