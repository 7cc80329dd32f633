package io.flotilla.usage.samples;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue between heartbeats and the {@link SampleFlusher}. Adding never blocks: when the buffer is full the
 * sample is dropped, counted in {@code flotilla.usage.samples.dropped}, and a warning is logged at most once a minute.
 */
@Singleton
public class SampleBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(SampleBuffer.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final BlockingQueue<UsageSample> queue;
    private final Counter dropped;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong droppedSinceWarning = new AtomicLong();

    public SampleBuffer(SampleSettings settings, MeterRegistry metrics) {
        this.queue = new ArrayBlockingQueue<>(settings.getCapacity());
        this.dropped = Counter.builder("flotilla.usage.samples.dropped")
                .description("Heartbeat samples dropped because the sample buffer was full").register(metrics);
        metrics.gauge("flotilla.usage.samples.buffered", queue, BlockingQueue::size);
    }

    /** Queues the sample, or drops it when the buffer is full; returns whether it was queued. */
    public boolean add(UsageSample sample) {
        if (queue.offer(sample)) {
            return true;
        }
        dropped.increment();
        long count = droppedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= LOG_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            droppedSinceWarning.addAndGet(-count);
            LOG.warn("The usage sample buffer is full: {} heartbeat samples dropped since the last warning (raise "
                    + "flotilla.usage.samples.capacity or look at the database's write speed)", count);
        }
        return false;
    }

    /** Waits up to {@code wait} for a first sample and moves up to {@code max} samples into {@code into}. */
    int take(Collection<UsageSample> into, int max, Duration wait) throws InterruptedException {
        if (max <= 0) {
            return 0;
        }
        UsageSample first = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        into.add(first);
        return 1 + queue.drainTo(into, max - 1);
    }

    /** Moves up to {@code max} samples into {@code into} without waiting. */
    int drain(Collection<UsageSample> into, int max) {
        return max <= 0 ? 0 : queue.drainTo(into, max);
    }

    /** Samples waiting to be written. */
    public int size() {
        return queue.size();
    }

    /** Samples dropped since start. */
    public long dropped() {
        return (long) dropped.count();
    }
}
