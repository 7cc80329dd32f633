package io.flotilla.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Specs stored as JSON keep every field, and specs stored before a field existed still read. */
class ClusterSpecViewTest {
    @Test
    void gpuAndArmSurviveTheRoundTrip() {
        ClusterSpec spec = new ClusterSpec(3, 4, 8L << 30, null, null, 1200, 120, null, Map.of(), Map.of("team", "a"),
                "spot", 2, true);
        ClusterSpec read = ClusterSpecView.of(cluster(ClusterSpecView.write(spec)));
        assertThat(read).isEqualTo(spec);
        assertThat(ClusterSpecView.write(spec)).contains("\"workerGpu\":2").contains("\"arm\":true")
                .doesNotContain("workerGpuCount");
    }

    @Test
    void aSpecStoredBeforeGpuAndArmReadsAsNoneAndX86() {
        String old = "{\"nWorkers\":2,\"workerCpu\":2,\"idleTimeoutSeconds\":1200,\"noClientTimeoutSeconds\":120,"
                + "\"environ\":{},\"tags\":{},\"spotPolicy\":\"spot\"}";
        ClusterSpec read = ClusterSpecView.of(cluster(old));
        assertThat(read.workerGpu()).isNull();
        assertThat(read.workerGpuCount()).isZero();
        assertThat(read.arm()).isFalse();
        assertThat(read.spotPolicy()).isEqualTo("spot");
        assertThat(read.nWorkers()).isEqualTo(2);
    }

    private static Cluster cluster(String spec) {
        Instant now = Instant.now();
        return new Cluster(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "c", "local", ClusterStatus.PENDING,
                ClusterTarget.RUNNING, null, spec, 1, null, null, null, null, null, null, 0, null, 0, null, null, null,
                now, now, null, null, null);
    }
}
