/**
 * The online feature store: the features precompute computed, read back by on-demand prediction.
 */
package com.ltvforecast.featurestore;
