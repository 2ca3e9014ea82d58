package com.ltvforecast.ingest;

import com.ltvforecast.transactions.InvalidTransactionException;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a raw CSV upload through the data contract, one record at a time, with FastCSV.
 *
 * <p>Row problems reject the row; file problems (missing column, a line over the limit, invalid
 * UTF-8) throw {@link RejectedFileException}.
 *
 * <p>A record may not span lines. A quoted field with a line break in it is either a multi-line
 * value or an unterminated quote that runs on to the end of the file, swallowing the rows after it;
 * either way the record is rejected, and every line it covers counts as a rejected row, so a
 * runaway quote is counted (and past the rejected share quarantines the file) instead of losing
 * rows.
 */
final class RawCsvParser {

  static final String CUSTOMER_ID = "customer_id";
  static final String EVENT_TIME = "event_time";
  static final String AMOUNT = "amount";
  static final String TRANSACTION_ID = "transaction_id";
  static final int MAX_RAW_TEXT = 200;
  static final java.util.Set<String> CONTRACT_COLUMNS =
      java.util.Set.of(CUSTOMER_ID, EVENT_TIME, AMOUNT, TRANSACTION_ID);

  /** Where parsed rows go. */
  interface Sink {
    /** A row that meets the contract; {@code amountText} is the row's amount field as read. */
    void valid(Transaction transaction, String amountText);

    void rejected(long line, String reason, String rawText);
  }

  /** Row counts and rejection reasons by field, for the report. */
  record Counts(long rowsRead, long rowsValid, long rowsRejected, Map<String, Long> rejectedBy) {}

  private final TransactionParser parser;
  private final int maxLineChars;

  RawCsvParser(TransactionParser parser, int maxLineChars) {
    this.parser = parser;
    this.maxLineChars = maxLineChars;
  }

  Counts parse(InputStream text, Sink sink) {
    Reader reader =
        new InputStreamReader(
            text,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    CsvRecordHandler handler =
        CsvRecordHandler.builder()
            .maxRecordSize(maxLineChars)
            .maxFieldSize(maxLineChars)
            .maxFields(1024)
            .build();
    long read = 0;
    long valid = 0;
    Map<String, Long> rejectedBy = new TreeMap<>();
    try (CsvReader<CsvRecord> csv =
        CsvReader.builder()
            .skipEmptyLines(true)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .build(handler, reader)) {
      Columns columns = null;
      for (CsvRecord record : csv) {
        if (columns == null) {
          columns = Columns.of(record.getFields());
          continue;
        }
        int lines = linesCovered(record);
        if (lines > 1) {
          read += lines;
          rejectedBy.merge("quote", (long) lines, Long::sum);
          sink.rejected(
              record.getStartingLineNumber(),
              "quote: a quoted field runs over "
                  + lines
                  + " lines (an unterminated quote, or a line break inside quotes); the record and the "
                  + (lines - 1)
                  + " line(s) after its first are rejected",
              rawText(record));
          continue;
        }
        read++;
        try {
          sink.valid(columns.parse(record, parser), record.getField(columns.amount()));
          valid++;
        } catch (InvalidTransactionException e) {
          String reason = e.getMessage();
          rejectedBy.merge(reason.split(" ", 2)[0], 1L, Long::sum);
          sink.rejected(record.getStartingLineNumber(), reason, rawText(record));
        }
      }
      if (columns == null) {
        throw new RejectedFileException("empty file: no header and no rows");
      }
      if (read == 0) {
        throw new RejectedFileException("header only: the file has no data rows");
      }
      return new Counts(read, valid, read - valid, rejectedBy);
    } catch (CsvParseException e) {
      throw new RejectedFileException(
          "unreadable CSV after data line "
              + read
              + ": "
              + rootMessage(e)
              + " (maximum line length "
              + maxLineChars
              + " characters)",
          e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw new RejectedFileException(
            "not UTF-8 text after data line " + read + ": binary data or another encoding", e);
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The physical lines a record covers: 1, plus one per line break inside its fields (CRLF counts
   * once), less one when the last field ends in a line break (it swallowed a line terminator).
   */
  static int linesCovered(CsvRecord record) {
    int breaks = 0;
    boolean endsWithBreak = false;
    for (int f = 0; f < record.getFieldCount(); f++) {
      String field = record.getField(f);
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\n' || c == '\r' && (i + 1 == field.length() || field.charAt(i + 1) != '\n')) {
          breaks++;
        }
      }
      if (f == record.getFieldCount() - 1 && !field.isEmpty()) {
        char last = field.charAt(field.length() - 1);
        endsWithBreak = last == '\n' || last == '\r';
      }
    }
    return breaks == 0 ? 1 : Math.max(1, 1 + breaks - (endsWithBreak ? 1 : 0));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String rawText(CsvRecord record) {
    String text = String.join(",", record.getFields());
    return text.length() <= MAX_RAW_TEXT ? text : text.substring(0, MAX_RAW_TEXT) + "...";
  }

  /** Positions of the contract's columns in this file's header. */
  private record Columns(int customerId, int eventTime, int amount, int transactionId, int width) {

    static Columns of(List<String> header) {
      Map<String, Integer> positions = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i);
        if (i == 0 && !name.isEmpty() && name.charAt(0) == '\uFEFF') {
          name = name.substring(1);
        }
        name = name.strip().toLowerCase(Locale.ROOT);
        // Unknown columns are ignored, duplicates included; a contract column named twice is
        // ambiguous.
        if (!name.isEmpty()
            && positions.putIfAbsent(name, i) != null
            && CONTRACT_COLUMNS.contains(name)) {
          throw new RejectedFileException("duplicate column '" + name + "' in the header");
        }
      }
      List<String> missing = new ArrayList<>();
      for (String required : List.of(CUSTOMER_ID, EVENT_TIME, AMOUNT)) {
        if (!positions.containsKey(required)) {
          missing.add(required);
        }
      }
      if (!missing.isEmpty()) {
        throw new RejectedFileException(
            "missing required column(s) "
                + String.join(", ", missing)
                + "; the header must name customer_id, event_time and amount");
      }
      int customerId = positions.get(CUSTOMER_ID);
      int eventTime = positions.get(EVENT_TIME);
      int amount = positions.get(AMOUNT);
      int transactionId = positions.getOrDefault(TRANSACTION_ID, -1);
      int width = Math.max(Math.max(customerId, eventTime), Math.max(amount, transactionId)) + 1;
      return new Columns(customerId, eventTime, amount, transactionId, width);
    }

    Transaction parse(CsvRecord record, TransactionParser parser) {
      int fields = record.getFieldCount();
      if (fields < width && !(transactionId == width - 1 && fields == width - 1)) {
        throw new InvalidTransactionException(
            "fields: the row has " + fields + " fields, the header needs at least " + width);
      }
      return parser.parse(
          record.getField(customerId),
          record.getField(eventTime),
          record.getField(amount),
          transactionId >= 0 && transactionId < fields ? record.getField(transactionId) : null);
    }
  }
}
