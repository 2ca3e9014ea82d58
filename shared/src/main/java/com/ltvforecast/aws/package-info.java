/** The one factory for AWS SDK clients: region, endpoint overrides, one HTTP client. */
package com.ltvforecast.aws;
