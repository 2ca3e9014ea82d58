/** The curated data layout, manifests, and the reader that trusts only manifested files. */
package com.ltvforecast.curated;
