/**
 * Population stability of features between training and serving: binned reference distributions and
 * PSI.
 */
package com.ltvforecast.drift;
