/** Locating and reading the real datasets that tests run against. */
package com.ltvforecast.testdata;
