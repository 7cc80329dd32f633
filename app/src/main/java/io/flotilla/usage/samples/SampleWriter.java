package io.flotilla.usage.samples;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes a batch of samples to {@code usage_samples} with one PostgreSQL COPY (its own connection and transaction). */
@Singleton
public class SampleWriter {
    private static final String COPY = "COPY usage_samples (cluster_id, workspace_id, at, workers, threads, memory_bytes,"
            + " tasks_processing, gpu_workers, gpu_utilization, task_prefixes) FROM STDIN (FORMAT csv)";
    private final DataSource dataSource;

    public SampleWriter(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Writes all of them or none. */
    public void write(List<UsageSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(samples.size() * 128);
        for (UsageSample sample : samples) {
            csv.append(sample.clusterId()).append(',').append(sample.workspaceId()).append(',')
                    .append(sample.at()).append(',').append(sample.workers()).append(',').append(sample.threads())
                    .append(',').append(sample.memoryBytes()).append(',').append(sample.tasksProcessing()).append(',')
                    .append(sample.gpuWorkers()).append(',');
            if (sample.gpuUtilization() != null) {
                csv.append(sample.gpuUtilization());
            }
            csv.append(',');
            if (sample.taskPrefixesJson() != null) {
                csv.append('"').append(sample.taskPrefixesJson().replace("\"", "\"\"")).append('"');
            }
            csv.append('\n');
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn(COPY, new StringReader(csv.toString()));
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (IOException e) {
            throw new SQLException("Could not stream usage samples to PostgreSQL", e);
        }
    }
}
