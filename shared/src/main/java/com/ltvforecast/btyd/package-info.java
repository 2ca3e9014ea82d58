/**
 * Buy-till-you-die baselines: BG/NBD purchase counts and Gamma-Gamma spend (Fader, Hardie &amp; Lee
 * 2005).
 */
package com.ltvforecast.btyd;
