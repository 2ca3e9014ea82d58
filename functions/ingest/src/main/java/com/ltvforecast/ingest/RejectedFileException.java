package com.ltvforecast.ingest;

/** The whole file breaks the contract (missing column, corrupt gzip, binary, over a limit...). */
public class RejectedFileException extends RuntimeException {
  public RejectedFileException(String reason) {
    super(reason);
  }

  public RejectedFileException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
