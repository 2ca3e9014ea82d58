/** Structured JSON logging and CloudWatch Embedded Metric Format metrics. */
package com.ltvforecast.observability;
