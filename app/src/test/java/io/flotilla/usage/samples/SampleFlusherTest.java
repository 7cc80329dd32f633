package io.flotilla.usage.samples;

import io.flotilla.testing.AppTestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The buffer and its flusher against the real database: full batches are written at once, the rest at a clean
 * shutdown; a full buffer drops (and counts) instead of blocking.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleFlusherTest extends AppTestProperties {
    @Inject
    DataSource dataSource;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @Test
    void fullBatchesAreWrittenAtOnceAndTheRestAtShutdown() throws Exception {
        SampleSettings settings = settings(1_000, 10, Duration.ofHours(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SampleBuffer buffer = new SampleBuffer(settings, metrics);
        UUID cluster = UUID.randomUUID();
        try (SampleFlusher flusher = new SampleFlusher(buffer, new SampleWriter(dataSource), settings, metrics)) {
            for (int i = 0; i < 25; i++) {
                assertThat(buffer.add(sample(cluster, i))).isTrue();
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (count(cluster) < 20) {
                assertThat(Instant.now()).as("two full batches written").isBefore(deadline);
                Thread.sleep(20);
            }
            assertThat(count(cluster)).as("the last 5 wait for the interval (an hour here)").isEqualTo(20);
        }
        assertThat(count(cluster)).as("a clean shutdown writes what is buffered").isEqualTo(25);
        assertThat(metrics.counter("flotilla.usage.samples.written").count()).isEqualTo(25.0);
    }

    @Test
    void aFullBufferDropsAndCountsWithoutBlocking() throws Exception {
        SampleSettings settings = settings(3, 10, Duration.ofHours(1));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SampleBuffer buffer = new SampleBuffer(settings, metrics);
        UUID cluster = UUID.randomUUID();
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            buffer.add(sample(cluster, i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(metrics.counter("flotilla.usage.samples.dropped").count()).isEqualTo(2.0);
        new SampleFlusher(buffer, new SampleWriter(dataSource), settings, metrics).close();
        assertThat(count(cluster)).isEqualTo(3);
    }

    @Test
    void settingsRefuseNonsense() {
        SampleSettings settings = new SampleSettings();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.setCapacity(0))
                .hasMessageContaining("flotilla.usage.samples.capacity");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.setFlushInterval(Duration.ZERO))
                .hasMessageContaining("flotilla.usage.samples.flush-interval");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RollupSettings().setRawRetention(Duration.ofMinutes(1)))
                .hasMessageContaining("flotilla.usage.raw-retention");
    }

    private static SampleSettings settings(int capacity, int batch, Duration interval) {
        SampleSettings settings = new SampleSettings();
        settings.setCapacity(capacity);
        settings.setBatchSize(batch);
        settings.setFlushInterval(interval);
        return settings;
    }

    private static UsageSample sample(UUID cluster, int i) {
        return new UsageSample(cluster, UUID.randomUUID(), Instant.now(), i, 2 * i, 1000L * i, i, 0, null,
                i % 2 == 0 ? "{\"say \\\"hi\\\", ok\": " + i + "}" : null);
    }

    private long count(UUID cluster) throws Exception {
        try (Connection sql = sql(); PreparedStatement select = sql.prepareStatement(
                "SELECT count(*) FROM usage_samples WHERE cluster_id = ?")) {
            select.setObject(1, cluster);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
