package com.ltvforecast.prediction;

import static com.ltvforecast.prediction.InvalidRequestException.Problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.ltvforecast.config.ServingSettings;
import com.ltvforecast.json.Json;
import com.ltvforecast.transactions.InvalidTransactionException;
import com.ltvforecast.transactions.Transaction;
import com.ltvforecast.transactions.TransactionParser;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code POST /predict} body into a {@link PredictCommand}. Jackson binds the JSON strictly
 * (no type coercion, no unknown fields, no trailing data); then every value is checked against the
 * limits and the raw transaction data contract of {@link TransactionParser}, so an HTTP body
 * accepts exactly what an uploaded CSV does.
 */
final class PredictRequestParser {

  private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
  private static final ObjectReader READER = strictMapper().readerFor(Body.class);

  /** The JSON shapes, bound by Jackson; validated into a command below. */
  record Body(
      String customerId,
      String asOf,
      List<TransactionBody> transactions,
      Boolean explain,
      List<InstanceBody> instances) {}

  record InstanceBody(
      String customerId, String asOf, List<TransactionBody> transactions, Boolean explain) {}

  record TransactionBody(String eventTime, BigDecimal amount, String transactionId) {}

  private final ServingSettings limits;
  private final TransactionParser transactions;
  private final Clock clock;

  PredictRequestParser(ServingSettings limits, Clock clock) {
    this.limits = limits;
    this.transactions = new TransactionParser(clock);
    this.clock = clock;
  }

  PredictCommand parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException(
          Problem.MISSING_FIELD,
          "request body is empty; send {\"customer_id\": ...}, add \"transactions\", or send {\"instances\": [...]}");
    }
    Body parsed = bind(body);
    boolean explain = Boolean.TRUE.equals(parsed.explain());
    if (parsed.instances() != null) {
      if (parsed.customerId() != null || parsed.asOf() != null || parsed.transactions() != null) {
        throw new InvalidRequestException(
            Problem.INVALID_FIELD, "send either \"instances\" or a single customer_id, not both");
      }
      if (parsed.instances().isEmpty()) {
        throw new InvalidRequestException(Problem.INVALID_FIELD, "instances is empty");
      }
      if (parsed.instances().size() > limits.maxInstances()) {
        throw new InvalidRequestException(
            Problem.TOO_MANY_INSTANCES,
            "instances has "
                + parsed.instances().size()
                + " entries, over the limit of "
                + limits.maxInstances());
      }
      List<PredictCommand.Instance> instances = new ArrayList<>(parsed.instances().size());
      for (int i = 0; i < parsed.instances().size(); i++) {
        InstanceBody instance = parsed.instances().get(i);
        String where = "instances[" + i + "]";
        if (instance == null) {
          throw new InvalidRequestException(
              Problem.WRONG_TYPE, where + " must be an object, got null");
        }
        instances.add(
            instance(
                where + ".",
                instance.customerId(),
                instance.asOf(),
                instance.transactions(),
                explain || Boolean.TRUE.equals(instance.explain())));
      }
      return new PredictCommand(instances, true);
    }
    return new PredictCommand(
        List.of(instance("", parsed.customerId(), parsed.asOf(), parsed.transactions(), explain)),
        false);
  }

  private PredictCommand.Instance instance(
      String where,
      String rawCustomerId,
      String rawAsOf,
      List<TransactionBody> rawTransactions,
      boolean explain) {
    if (rawCustomerId == null) {
      throw new InvalidRequestException(Problem.MISSING_FIELD, where + "customer_id is required");
    }
    String customerId = customerId(rawCustomerId, where);
    if (rawTransactions == null) {
      if (rawAsOf != null) {
        throw new InvalidRequestException(
            Problem.INVALID_FIELD,
            where + "as_of applies only with transactions; stored features carry their own as_of");
      }
      return new PredictCommand.StoredFeatures(customerId, explain);
    }
    if (rawTransactions.size() > limits.maxTransactions()) {
      throw new InvalidRequestException(
          Problem.TOO_MANY_TRANSACTIONS,
          where
              + "transactions has "
              + rawTransactions.size()
              + " entries, over the limit of "
              + limits.maxTransactions());
    }
    LocalDate asOf = rawAsOf == null ? LocalDate.now(clock) : asOf(rawAsOf, where);
    List<Transaction> parsed = new ArrayList<>(rawTransactions.size());
    for (int i = 0; i < rawTransactions.size(); i++) {
      TransactionBody t = rawTransactions.get(i);
      String at = where + "transactions[" + i + "]";
      if (t == null) {
        throw new InvalidRequestException(Problem.WRONG_TYPE, at + " must be an object, got null");
      }
      if (t.amount() == null) {
        throw new InvalidRequestException(Problem.MISSING_FIELD, at + ".amount is required");
      }
      try {
        parsed.add(
            new Transaction(
                customerId,
                transactions.eventTime(t.eventTime()),
                TransactionParser.amount(t.amount().toString()),
                t.transactionId()));
      } catch (InvalidTransactionException e) {
        throw new InvalidRequestException(Problem.INVALID_TRANSACTION, at + ": " + e.getMessage());
      }
    }
    return new PredictCommand.FromTransactions(customerId, asOf, parsed, explain);
  }

  /** A path parameter or body field holding a customer id, under the data contract's rules. */
  static String customerId(String raw, String where) {
    try {
      return TransactionParser.customerId(raw);
    } catch (InvalidTransactionException e) {
      throw new InvalidRequestException(Problem.INVALID_CUSTOMER_ID, where + e.getMessage());
    }
  }

  private LocalDate asOf(String raw, String where) {
    LocalDate asOf;
    try {
      asOf = LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          Problem.INVALID_AS_OF,
          where + "as_of '" + abbreviate(raw) + "' is not a date (YYYY-MM-DD)");
    }
    if (asOf.isBefore(EARLIEST)) {
      throw new InvalidRequestException(
          Problem.INVALID_AS_OF, where + "as_of " + asOf + " is before 1970-01-01");
    }
    if (asOf.isAfter(LocalDate.now(clock).plusDays(1))) {
      throw new InvalidRequestException(
          Problem.INVALID_AS_OF, where + "as_of " + asOf + " is in the future");
    }
    return asOf;
  }

  private static Body bind(String body) {
    try {
      Body parsed = READER.readValue(body);
      if (parsed == null) {
        throw new InvalidRequestException(
            Problem.WRONG_TYPE, "request body must be a JSON object, got null");
      }
      return parsed;
    } catch (JsonMappingException e) {
      // A syntax error inside a value (a NaN literal) or data after the object is broken JSON, not
      // a wrong type.
      if (e.getCause() instanceof StreamReadException
          || String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
        throw malformed(e);
      }
      if (e instanceof UnrecognizedPropertyException) {
        throw new InvalidRequestException(
            Problem.UNKNOWN_FIELD,
            "unknown field '"
                + path(e)
                + "'; expected "
                + "customer_id, as_of, transactions (event_time, amount, transaction_id), explain or instances");
      }
      String field = path(e);
      if (e instanceof MismatchedInputException mismatch) {
        throw new InvalidRequestException(
            Problem.WRONG_TYPE,
            (field.isEmpty() ? "request body" : "field '" + field + "'")
                + " must be "
                + expected(mismatch.getTargetType()));
      }
      throw new InvalidRequestException(
          Problem.WRONG_TYPE, "field '" + field + "' has an invalid value");
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  private static InvalidRequestException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new InvalidRequestException(
        Problem.MALFORMED_JSON,
        "request body is not valid JSON"
            + (at == null
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
  }

  /** {@code instances[0].transactions[2].amount}, from Jackson's reference chain. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    List<JsonMappingException.Reference> refs = e.getPath();
    for (int i = 0; i < refs.size(); i++) {
      JsonMappingException.Reference ref = refs.get(i);
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(abbreviate(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static final Map<Class<?>, String> EXPECTED =
      Map.of(
          String.class,
          "a string",
          BigDecimal.class,
          "a number",
          Boolean.class,
          "true or false",
          List.class,
          "an array");

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    return EXPECTED.getOrDefault(
        type, List.class.isAssignableFrom(type) ? "an array" : "an object");
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  @SuppressWarnings("deprecation")
  private static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        Json.MAPPER
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    // A number or boolean where a string belongs (customer_id: 42) is a wrong type, not a string.
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Collection)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }
}
