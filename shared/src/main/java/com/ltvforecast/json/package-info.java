/** The shared JSON mapper. */
package com.ltvforecast.json;
