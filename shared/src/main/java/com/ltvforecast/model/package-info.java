/**
 * The DJL network for spend and churn: architecture, normalisation, training, persistence and
 * batched prediction; the only package that imports ai.djl.
 */
package com.ltvforecast.model;
