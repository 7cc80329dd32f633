package io.flotilla.usage.samples;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The thread that empties the {@link SampleBuffer}: a batch is written when it reaches the batch size or when the
 * flush interval has passed since the last write. A failed write is kept and tried again after an interval (the
 * buffer fills and drops meanwhile, so memory stays bounded). On a clean shutdown everything buffered is written.
 */
@Context
public class SampleFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SampleFlusher.class);
    private final SampleBuffer buffer;
    private final SampleWriter writer;
    private final int batchSize;
    private final Duration interval;
    private final Counter written;
    private final Thread thread;
    private final List<UsageSample> batch = new ArrayList<>();
    private volatile boolean running = true;

    public SampleFlusher(SampleBuffer buffer, SampleWriter writer, SampleSettings settings, MeterRegistry metrics) {
        this.buffer = buffer;
        this.writer = writer;
        this.batchSize = settings.getBatchSize();
        this.interval = settings.getFlushInterval();
        this.written = Counter.builder("flotilla.usage.samples.written")
                .description("Heartbeat samples written to usage_samples").register(metrics);
        this.thread = new Thread(this::loop, "usage-sample-flusher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long deadline = System.nanoTime() + interval.toNanos();
        while (running) {
            try {
                long left = deadline - System.nanoTime();
                buffer.take(batch, batchSize - batch.size(), Duration.ofNanos(Math.max(0, left)));
                if (batch.size() >= batchSize || System.nanoTime() >= deadline) {
                    flush();
                    deadline = System.nanoTime() + interval.toNanos();
                }
            } catch (InterruptedException e) {
                return; // close() writes what is left
            } catch (RuntimeException e) {
                LOG.error("The usage sample flusher failed; it goes on", e);
            }
        }
    }

    private synchronized boolean flush() {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            writer.write(batch);
            written.increment(batch.size());
            batch.clear();
            return true;
        } catch (SQLException e) {
            LOG.warn("Could not write {} usage samples; trying again in {}: {}", batch.size(), interval, e.getMessage());
            return false;
        }
    }

    /** Stops the thread and writes every sample still buffered. */
    @PreDestroy
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            do {
                buffer.drain(batch, batchSize - batch.size());
                if (!flush()) {
                    LOG.error("{} usage samples could not be written at shutdown and are lost",
                            batch.size() + buffer.size());
                    return;
                }
            } while (buffer.size() > 0);
        }
    }
}
