/**
 * Test support shared by every module: in-memory port fakes and the real AWS endpoint extension.
 */
package com.ltvforecast.testing;
