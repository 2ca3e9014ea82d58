package com.ltvforecast.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The functions' logging, configured in code (found by logback through {@code META-INF/services}):
 * one JSON object per log line on stdout, which Lambda ships to CloudWatch Logs, with SLF4J
 * key/value pairs as JSON fields; EMF lines ({@code ltv.metrics}, see {@link Metrics}) as they are.
 * Configuring in code skips logback's XML parsing, about 200 ms of every cold start (measured). The
 * root level is {@code LOG_LEVEL} (default INFO). When {@code logback.configurationFile} is set
 * (the local runner's console logging), that file is used instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LambdaLogging extends ContextAwareBase implements Configurator {

  static final String LOG_LEVEL = "LOG_LEVEL";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Configures {@code context} (reset first) as Lambda runs the functions, whatever the system
   * properties say.
   */
  public static void apply(LoggerContext context) {
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    json.setIncludeCallerData(false);
    LogstashFieldNames names = json.getFieldNames();
    names.setTimestamp("timestamp");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
    throwables.setMaxDepthPerThrowable(20);
    throwables.setRootCauseFirst(true);
    json.setThrowableConverter(throwables);
    json.start();
    PatternLayoutEncoder plain = new PatternLayoutEncoder();
    plain.setContext(context);
    plain.setPattern("%msg%n");
    plain.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(setting(LOG_LEVEL), Level.INFO));
    root.addAppender(console(context, "JSON", json));
    Logger metrics = context.getLogger(Metrics.EMF_LOGGER);
    metrics.setLevel(Level.INFO);
    metrics.setAdditive(false);
    metrics.addAppender(console(context, "EMF", plain));
    context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
    context.getLogger("org.testcontainers").setLevel(Level.INFO);
    context.getLogger("ai.djl").setLevel(Level.WARN);
    // On a CPU host with a CUDA runtime but no driver, DJL's GPU probe warns twice per JVM and then
    // runs on the CPU.
    context.getLogger("ai.djl.util.cuda.CudaUtils").setLevel(Level.ERROR);
  }

  private static ConsoleAppender<ILoggingEvent> console(
      LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }
}
