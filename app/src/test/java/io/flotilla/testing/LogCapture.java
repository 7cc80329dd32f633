package io.flotilla.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything the appliance logs while a test runs, plus the file the logback FILE appender writes. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    /** Every captured line, with stack traces, and the text of the appliance log file. */
    public String text() throws IOException {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : new ArrayList<>(appender.list)) {
            text.append(event.getFormattedMessage()).append('\n');
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                text.append(ThrowableProxyUtil.asString(thrown)).append('\n');
            }
        }
        for (Path file : logFiles()) {
            text.append(Files.readString(file));
        }
        return text.toString();
    }

    /** The files that logback's file appenders write. */
    public List<Path> files() {
        return logFiles();
    }

    private List<Path> logFiles() {
        List<Path> files = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof FileAppender<?> file && file.getFile() != null && Files.exists(Path.of(file.getFile()))) {
                files.add(Path.of(file.getFile()));
            }
        });
        return files;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
