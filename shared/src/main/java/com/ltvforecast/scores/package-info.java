/** Batch scores in ScoreTable, written by precompute and served by GET /customers/{id}/score. */
package com.ltvforecast.scores;
