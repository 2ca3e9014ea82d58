/** Validation metrics shared by the network and every baseline: spend error, bias and churn AUC. */
package com.ltvforecast.evaluation;
