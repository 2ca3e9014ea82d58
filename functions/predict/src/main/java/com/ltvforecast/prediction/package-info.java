/**
 * The prediction HTTP API: routing, request validation, the hot-swapped model holder and the
 * prediction service.
 */
package com.ltvforecast.prediction;
