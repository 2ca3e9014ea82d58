/**
 * The forecaster seam: {@link com.ltvforecast.forecast.Forecaster} (a fitted model that scores
 * spend over H and churn from feature vectors), {@link com.ltvforecast.forecast.Candidate} (how to
 * fit and load one kind), the registry {@link com.ltvforecast.forecast.Candidates} and {@link
 * com.ltvforecast.forecast.Forecasters} for artifacts.
 */
package com.ltvforecast.forecast;
