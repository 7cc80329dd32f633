package io.flotilla.usage.samples;

import io.flotilla.testing.AppTestProperties;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollup: raw samples become minute and hour aggregates that sum exactly; raw samples older than the retention
 * (the default 7 days) are deleted while their aggregates remain; running it again changes nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageRollupTest extends AppTestProperties {
    private static final UUID WORKSPACE = UUID.randomUUID();
    @Inject
    UsageRollup rollup;
    @Inject
    RollupSettings settings;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", // the test runs the job itself
                "flotilla.usage.raw-retention", "7d"); // the default, in the form an operator writes it
    }

    @Test
    void oldRawSamplesGoAggregatesStayAndSumCorrectly() throws Exception {
        UUID cluster = UUID.randomUUID();
        Instant now = Instant.now();
        Instant oldHour = now.minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.HOURS);
        Instant recentMinute = now.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        insert(cluster, oldHour.plusSeconds(10 * 60 + 10), 2, 4, null);
        insert(cluster, oldHour.plusSeconds(10 * 60 + 50), 4, 6, 50.0);
        insert(cluster, oldHour.plusSeconds(11 * 60 + 30), 3, 1, 70.0);
        insert(cluster, recentMinute.plusSeconds(5), 5, 0, null);
        insert(cluster, recentMinute.plusSeconds(25), 7, 2, null);
        insert(cluster, now.minusSeconds(1), 9, 9, null); // newer than the rollup's lag: not rolled up yet

        assertThat(settings.getRawRetention()).isEqualTo(Duration.ofDays(7));
        rollup.run();

        assertThat(rawCount(cluster, now.minus(Duration.ofDays(7)))).as("raw samples past the retention").isZero();
        assertThat(rawCount(cluster, now.plusSeconds(60))).as("the recent ones stay").isEqualTo(3);
        List<String> minutes = rows("SELECT bucket, samples, workers_sum, workers_max, tasks_sum, gpu_samples,"
                + " gpu_utilization_sum FROM usage_minutes WHERE cluster_id = '" + cluster + "' ORDER BY bucket");
        assertThat(minutes).containsExactly(
                String.join("|", utc(oldHour.plusSeconds(600)), "2", "6", "4", "10", "1", "50.0"),
                String.join("|", utc(oldHour.plusSeconds(660)), "1", "3", "3", "1", "1", "70.0"),
                String.join("|", utc(recentMinute), "2", "12", "7", "2", "0", "0.0"));
        List<String> hours = rows("SELECT bucket, samples, workers_sum, workers_max, tasks_sum, tasks_max, gpu_samples,"
                + " gpu_utilization_sum FROM usage_hours WHERE cluster_id = '" + cluster + "' ORDER BY bucket");
        assertThat(hours).containsExactly(
                String.join("|", utc(oldHour), "3", "9", "4", "11", "6", "2", "120.0"),
                String.join("|", utc(recentMinute.truncatedTo(ChronoUnit.HOURS)), "2", "12", "7", "2", "2", "0", "0.0"));
        assertThat(rows("SELECT sum(samples), sum(workers_sum), sum(tasks_sum) FROM usage_hours WHERE cluster_id = '"
                + cluster + "'")).as("hours sum to the samples rolled up").containsExactly("5|21|13");

        List<String> before = snapshot();
        rollup.run();
        assertThat(snapshot()).as("a second run over the same window").isEqualTo(before);
        try (Connection sql = sql()) {
            sql.createStatement().executeUpdate("DELETE FROM usage_rollup_watermarks");
        }
        rollup.run();
        assertThat(snapshot()).as("re-rolling from scratch what raw samples remain gives the same rows")
                .isEqualTo(before);
    }

    private List<String> snapshot() throws Exception {
        List<String> all = new ArrayList<>(rows("SELECT * FROM usage_minutes ORDER BY cluster_id, bucket"));
        all.addAll(rows("SELECT * FROM usage_hours ORDER BY cluster_id, bucket"));
        return all;
    }

    private void insert(UUID cluster, Instant at, int workers, int tasks, Double gpu) throws Exception {
        try (Connection sql = sql(); PreparedStatement insert = sql.prepareStatement("INSERT INTO usage_samples"
                + " (cluster_id, workspace_id, at, workers, threads, memory_bytes, tasks_processing, gpu_workers,"
                + " gpu_utilization) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, cluster);
            insert.setObject(2, WORKSPACE);
            insert.setObject(3, at.atOffset(ZoneOffset.UTC));
            insert.setInt(4, workers);
            insert.setInt(5, workers * 2);
            insert.setLong(6, workers * 1_000_000L);
            insert.setInt(7, tasks);
            insert.setInt(8, gpu == null ? 0 : 1);
            insert.setObject(9, gpu);
            insert.executeUpdate();
        }
    }

    private long rawCount(UUID cluster, Instant before) throws Exception {
        return Long.parseLong(rows("SELECT count(*) FROM usage_samples WHERE cluster_id = '" + cluster + "' AND at < '"
                + before + "'").get(0));
    }

    private static String utc(Instant at) {
        return at.toString();
    }

    private List<String> rows(String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection sql = sql(); ResultSet result = sql.createStatement().executeQuery(query)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object cell = meta.getColumnTypeName(i).startsWith("timestamptz")
                            ? result.getObject(i, java.time.OffsetDateTime.class).toInstant() : result.getObject(i);
                    cells.add(String.valueOf(cell));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }
}
