/**
 * The local runner: the real handlers on one machine against moto_server, LocalStack or any
 * endpoint.
 */
package com.ltvforecast.local;
