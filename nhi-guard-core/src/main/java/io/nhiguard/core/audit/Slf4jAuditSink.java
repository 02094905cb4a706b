package io.nhiguard.core.audit;

import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.spi.AuditSink;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record as one INFO line on the dedicated logger {@value #LOGGER_NAME}: the canonical
 * JSON of {@link AuditJson#line(AuditRecord)}, which is pure ASCII with every control character
 * escaped, so a value can never break the line or inject a fake entry.
 *
 * <p>Route the {@value #LOGGER_NAME} logger to its own appender (and keep it at INFO) in your
 * logging configuration. SLF4J does not report appender failures to the caller, so this sink cannot
 * fail closed on its own: use it next to a {@link JsonLinesAuditSink} or another sink that throws,
 * not as the only record.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Slf4jAuditSink implements AuditSink {

  /** The logger name. */
  public static final String LOGGER_NAME = "io.nhiguard.audit";

  private final Logger logger;

  private Slf4jAuditSink(Logger logger) {
    this.logger = logger;
  }

  /**
   * Returns a sink on the logger {@value #LOGGER_NAME}.
   *
   * @return the sink
   */
  public static Slf4jAuditSink ofDefaults() {
    return new Slf4jAuditSink(LoggerFactory.getLogger(LOGGER_NAME));
  }

  /**
   * Returns a sink on a logger with another name.
   *
   * @param loggerName the logger name
   * @return the sink
   * @throws NullPointerException if {@code loggerName} is null
   */
  public static Slf4jAuditSink of(String loggerName) {
    return new Slf4jAuditSink(LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName")));
  }

  /**
   * Logs the record's canonical line at INFO.
   *
   * @param record the record
   * @throws io.nhiguard.api.AuditFailureException if the logger has INFO disabled: the record
   *     would be dropped silently otherwise
   * @throws NullPointerException if {@code record} is null
   */
  @Override
  public void write(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    if (!logger.isInfoEnabled()) {
      throw new io.nhiguard.api.AuditFailureException(
          "Audit logger '" + logger.getName() + "' has INFO disabled, so record " + record.sequence()
              + " would be dropped; enable INFO for it in the logging configuration");
    }
    logger.info("{}", AuditJson.line(record));
  }
}
