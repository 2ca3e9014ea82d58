/**
 * Local AWS endpoints for the local runner and integration tests: AWS_ENDPOINT_URL, LocalStack,
 * moto_server.
 */
package com.ltvforecast.endpoint;
