package io.github.qmp4j.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Configures slf4j-simple before the first logger exists: WARN and above on stderr by default, so
 * stdout carries only results; {@code --debug} or {@code QMP4J_LOG=debug} shows the traffic ({@code
 * --> msg}, {@code <-- msg}) and lifecycle. {@code -Dorg.slf4j.simpleLogger.*} given to the JVM
 * wins.
 */
final class LogSetup {
  static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  /** Held so that the JUL logger configured here keeps its level (JUL holds loggers weakly). */
  @SuppressWarnings("unused") // only held, never read
  private static List<Logger> julLoggers = List.of();

  private LogSetup() {}

  static void configure(String[] args, Map<String, String> env) {
    String level = List.of(args).contains("--debug") ? "debug" : env.get("QMP4J_LOG");
    level = level == null ? "warn" : level.strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      level = "warn";
    }
    setIfAbsent(LEVEL_PROPERTY, level);
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    // JLine and BouncyCastle report through java.util.logging, BouncyCastle at INFO about every
    // security property it reads: keep that off the terminal unless debugging.
    boolean verbose = level.equals("debug") || level.equals("trace");
    Logger root = Logger.getLogger("");
    root.setLevel(verbose ? Level.INFO : Level.SEVERE);
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }
    // Even when debugging, BouncyCastle's notes about each property it reads are noise.
    Logger bouncyCastle = Logger.getLogger("org.bouncycastle");
    bouncyCastle.setLevel(verbose ? Level.WARNING : Level.SEVERE);
    julLoggers = List.of(root, bouncyCastle);
  }

  static boolean debug(String[] args, Map<String, String> env) {
    String level = env.get("QMP4J_LOG");
    return List.of(args).contains("--debug")
        || (level != null
            && List.of("debug", "trace").contains(level.strip().toLowerCase(Locale.ROOT)));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
