/** The raw transaction data contract, shared by ingestion and on-demand prediction. */
package com.ltvforecast.transactions;
