package io.mycelium.transport.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The ERROR lines every {@code io.mycelium} logger writes while open. Thread-safe reads. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        this.logger = (Logger) LoggerFactory.getLogger("io.mycelium");
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing. */
    public static LogCapture errors() {
        return new LogCapture();
    }

    /** True when an ERROR line so far contains {@code text}. */
    public boolean any(String text) {
        List<ILoggingEvent> seen;
        synchronized (appender) {
            seen = List.copyOf(appender.list);
        }
        return seen.stream()
                .anyMatch(e ->
                        e.getLevel() == Level.ERROR && e.getFormattedMessage().contains(text));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
