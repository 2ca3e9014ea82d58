/** The one configuration record, read from environment variables at init. */
package com.ltvforecast.config;
