/**
 * Point-in-time customer histories, features and labels: the one feature code path for training,
 * precompute and serving.
 */
package com.ltvforecast.features;
