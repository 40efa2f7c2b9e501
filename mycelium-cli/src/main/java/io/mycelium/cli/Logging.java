package io.mycelium.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the log level from {@code -v} flags: none WARN, one INFO, two DEBUG, three TRACE. */
final class Logging {

    private Logging() {}

    static void verbosity(int count) {
        Level level =
                switch (count) {
                    case 0 -> Level.WARN;
                    case 1 -> Level.INFO;
                    case 2 -> Level.DEBUG;
                    default -> Level.TRACE;
                };
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
    }

    /** Only errors from loggers under {@code prefix}. */
    static void quiet(String prefix) {
        if (LoggerFactory.getLogger(prefix) instanceof Logger logger) {
            logger.setLevel(Level.ERROR);
        }
    }
}
