/** Scheduled training: point-in-time training set, baselines, DJL network, gate and registry. */
package com.ltvforecast.training;
