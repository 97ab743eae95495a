package org.computeworker.rpc.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Keeps the command's standard output for results: warnings and errors go to standard error, and
 * nothing below WARN is logged unless COMPUTE_RPC_DEBUG is set. Configured in code so the rpc-client
 * jar carries no logback.xml that would override the worker's.
 */
final class CliLogging {
    private CliLogging() {
    }

    static void quietToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another backend was put on the class path: leave it to its own configuration
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(System.getenv("COMPUTE_RPC_DEBUG") == null ? Level.WARN : Level.DEBUG);
    }
}
