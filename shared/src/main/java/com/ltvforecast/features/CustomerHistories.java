package com.ltvforecast.features;

import com.ltvforecast.transactions.Transaction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Streaming accumulator from transactions to per-customer day-level histories.
 *
 * <p>Memory is what matters at 1M customers / 10M transactions in one Lambda, so no transaction
 * object is retained: each customer holds one packed {@code int[]} (epoch day shifted left by one,
 * low bit = "has a purchase") and one {@code double[]} of day amounts. Same-day transactions are
 * merged on arrival when input is in time order (the usual case), and by an in-place compaction
 * when it is not, so a buffer never holds more than about twice the customer's distinct days.
 *
 * <p>Not thread-safe: feed it from one thread (or one instance per shard).
 */
public final class CustomerHistories {

  private static final int SECONDS_PER_DAY = 86_400;

  private final Predicate<Transaction> filter;
  private final Map<String, DayBuffer> buffers = new HashMap<>();
  private long accepted;
  private long rejected;

  /** Accepts every transaction. */
  public CustomerHistories() {
    this(t -> true);
  }

  /** Accepts only the transactions that pass {@code filter}; the others are counted and dropped. */
  public CustomerHistories(Predicate<Transaction> filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  /** Keeps only transactions strictly before {@code cutoff} (UTC midnight), e.g. a run date. */
  public static CustomerHistories before(LocalDate cutoff) {
    Instant limit = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
    return new CustomerHistories(t -> t.eventTime().isBefore(limit));
  }

  /** The UTC calendar day of an instant, as days since 1970-01-01. */
  public static int epochDay(Instant instant) {
    return Math.toIntExact(Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY));
  }

  /** Adds one transaction; returns false when the filter dropped it. */
  public boolean add(Transaction transaction) {
    if (!filter.test(transaction)) {
      rejected++;
      return false;
    }
    accepted++;
    buffers
        .computeIfAbsent(transaction.customerId(), id -> new DayBuffer())
        .add(epochDay(transaction.eventTime()), transaction.amount());
    return true;
  }

  public void addAll(Iterable<Transaction> transactions) {
    for (Transaction t : transactions) {
      add(t);
    }
  }

  public int customerCount() {
    return buffers.size();
  }

  public long acceptedTransactions() {
    return accepted;
  }

  public long droppedTransactions() {
    return rejected;
  }

  public Optional<CustomerHistory> history(String customerId) {
    DayBuffer buffer = buffers.get(customerId);
    return buffer == null ? Optional.empty() : Optional.of(buffer.toHistory(customerId));
  }

  /** Visits every customer's history, in no particular order. Each history is built on demand. */
  public void forEach(Consumer<CustomerHistory> action) {
    buffers.forEach((id, buffer) -> action.accept(buffer.toHistory(id)));
  }

  /** Day-level buffer of one customer. Packed keys keep the purchase flag next to the day. */
  private static final class DayBuffer {
    private int[] keys = new int[2];
    private double[] amounts = new double[2];
    private int size;
    private boolean sorted = true;

    void add(int day, double amount) {
      int flag = amount >= 0 ? 1 : 0;
      if (size > 0) {
        int lastDay = keys[size - 1] >> 1;
        if (lastDay == day) {
          keys[size - 1] |= flag;
          amounts[size - 1] += amount;
          return;
        }
      }
      if (size == keys.length && !sorted) {
        // Compaction may free room, and may change the last day: start over on the compacted
        // buffer.
        compact();
        add(day, amount);
        return;
      }
      if (size == keys.length) {
        int capacity = size + (size >> 1) + 1;
        keys = Arrays.copyOf(keys, capacity);
        amounts = Arrays.copyOf(amounts, capacity);
      }
      if (size > 0 && day < (keys[size - 1] >> 1)) {
        sorted = false;
      }
      keys[size] = (day << 1) | flag;
      amounts[size] = amount;
      size++;
    }

    /** Sorts by day and merges same-day entries, in place. */
    void compact() {
      if (sorted) {
        return;
      }
      // Sort (day, original index) pairs packed in longs: stable and allocation-light.
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = ((long) (keys[i] >> 1) << 32) | i;
      }
      Arrays.sort(order);
      int[] newKeys = new int[size];
      double[] newAmounts = new double[size];
      int n = 0;
      for (long packed : order) {
        int i = (int) packed;
        int day = keys[i] >> 1;
        if (n > 0 && (newKeys[n - 1] >> 1) == day) {
          newKeys[n - 1] |= keys[i] & 1;
          newAmounts[n - 1] += amounts[i];
        } else {
          newKeys[n] = keys[i];
          newAmounts[n] = amounts[i];
          n++;
        }
      }
      keys = newKeys;
      amounts = newAmounts;
      size = n;
      sorted = true;
    }

    CustomerHistory toHistory(String customerId) {
      compact();
      int[] days = new int[size];
      boolean[] purchase = new boolean[size];
      for (int i = 0; i < size; i++) {
        days[i] = keys[i] >> 1;
        purchase[i] = (keys[i] & 1) == 1;
      }
      return new CustomerHistory(customerId, days, Arrays.copyOf(amounts, size), purchase);
    }
  }
}
