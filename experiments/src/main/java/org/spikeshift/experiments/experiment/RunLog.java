package org.spikeshift.experiments.experiment;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Copies the log of one run into its folder while the run lasts. */
public final class RunLog implements AutoCloseable {

    private final LoggerContext context;
    private final FileAppender appender;

    private RunLog(LoggerContext context, FileAppender appender) {
        this.context = context;
        this.appender = appender;
    }

    public static RunLog attach(Path file) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        FileAppender appender =
                FileAppender.newBuilder()
                        .setName("run-" + file)
                        .withFileName(file.toString())
                        .withAppend(true)
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern(
                                                "%d{yyyy-MM-dd HH:mm:ss} %-5level %c{1} - %msg%n")
                                        .build())
                        .setConfiguration(config)
                        .build();
        appender.start();
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        return new RunLog(context, appender);
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
