/**
 * Cross-fitting folds, per-head selection of candidates on out-of-fold predictions, and the gate.
 */
package com.ltvforecast.selection;
