package io.datafs.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.LogManager;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The daemon's log, {@code daemon.log} in its home: one line per event (time in UTC, level, logger, message; an
 * exception's first frames joined onto the line), rotated by size to {@code daemon.log.1..3}. datafs's own code logs
 * through {@link System.Logger} (JUL underneath, bridged here), the AWS and Azure SDKs through SLF4J: all of it reaches
 * this one file. {@code DATAFS_LOG} (error, warn, info, debug, trace; default info) sets datafs's level; the SDKs and
 * their HTTP clients stay at warn and above whatever it says, because their debug lines carry request headers and
 * signed URLs. As a second guard every line is passed through {@link #REDACT}: a key, a signature, a SAS token or a
 * connection string's secret that reaches a message anyway is written as {@code ***}.
 *
 * <p>What is written to the process's stdout and stderr rather than logged (a JVM crash, libfuse's own complaints)
 * goes where the process's output goes: appended to the daemon.log of its start when a client started it, the journal
 * under systemd.
 */
public final class DaemonLog {
  /** Rotate once the file passes this; three old files are kept, so the log takes at most 4x this. */
  public static final long MAX_FILE_BYTES = 10L << 20;
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0} %replace(%replace("
      + "%replace(%msg | %ex{4}){'\\s*[\\r\\n]\\s*', ' | '}){'[ |]+$', ''}){'" + Redaction.REGEX
      + "', '$1***'}%nopex%n";
  /** Loggers of libraries, kept at warn: their debug output includes credentials in headers and URLs. */
  private static final List<String> LIBRARIES = List.of("software.amazon", "com.azure", "org.apache.http", "io.netty",
      "reactor", "jdk.internal.httpclient", "sun.net", "com.sun.net");

  private DaemonLog() {}

  /**
   * Sends every log line of this process to {@code file} at {@code level} (DATAFS_LOG's value; null or blank: info).
   * An unknown level is logged once and info used.
   */
  public static void start(Path file, String level) {
    start(file, level, MAX_FILE_BYTES);
  }

  static void start(Path file, String level, long maxFileBytes) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(PATTERN);
    encoder.start();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(ctx);
    appender.setName("daemon.log");
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(3);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(maxFileBytes));
    // the size is looked at on every line (a stat; lines are few), not once a minute: the bound is the bound
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.start();

    Level datafs = level(level);
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(datafs);
    root.addAppender(appender);
    Level libraries = datafs.isGreaterOrEqual(Level.WARN) ? datafs : Level.WARN;
    for (String name : LIBRARIES) ctx.getLogger(name).setLevel(libraries);

    // System.Logger -> JUL -> SLF4J; JUL filters first, so its level follows DATAFS_LOG (no console handler left)
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    LogManager.getLogManager().getLogger("").setLevel(julLevel(datafs));
    if (datafs == Level.INFO && level != null && !level.isBlank() && !level.strip().equalsIgnoreCase("info")) {
      root.warn("DATAFS_LOG={} is not a level (error, warn, info, debug, trace): logging at info", level);
    }
  }

  private static Level level(String name) {
    if (name == null || name.isBlank()) return Level.INFO;
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "error" -> Level.ERROR;
      case "warn", "warning" -> Level.WARN;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default -> Level.INFO;
    };
  }

  private static java.util.logging.Level julLevel(Level l) {
    if (l == Level.ERROR) return java.util.logging.Level.SEVERE;
    if (l == Level.WARN) return java.util.logging.Level.WARNING;
    if (l == Level.DEBUG) return java.util.logging.Level.FINE;
    if (l == Level.TRACE) return java.util.logging.Level.FINEST;
    return java.util.logging.Level.INFO;
  }
}
