/** DynamoDB helpers shared by the table adapters: batched, retried, deadline-bounded writes. */
package com.ltvforecast.dynamo;
