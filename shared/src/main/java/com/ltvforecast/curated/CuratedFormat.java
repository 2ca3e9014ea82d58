package com.ltvforecast.curated;

import java.util.List;

/** The columns of a curated file: gzip CSV with a header, event_time as an ISO instant in UTC. */
public final class CuratedFormat {

  public static final List<String> HEADER = List.of("customer_id", "event_time", "amount", "transaction_id");
  public static final String CONTENT_TYPE = "text/csv";
  public static final String CONTENT_ENCODING = "gzip";

  private CuratedFormat() {}
}
