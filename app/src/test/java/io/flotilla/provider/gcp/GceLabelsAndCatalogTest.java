package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.MachineType;
import io.flotilla.provider.InstanceSize;
import io.flotilla.provider.ResourceTags;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Tags as labels and back, deterministic names, and the machine-type cache's TTL. */
class GceLabelsAndCatalogTest {
    @Test
    void tagsBecomeLabelsAndComeBack() {
        Map<String, String> labels = GceLabels.labels(Map.of(ResourceTags.CLUSTER, "C1", ResourceTags.WORKSPACE, "Team.A b",
                "x".repeat(70), "v"));
        assertThat(labels).containsEntry("flotilla-cluster", "c1").containsEntry("flotilla-workspace", "team-a-b")
                .containsEntry("x".repeat(63), "v");
        assertThat(GceLabels.tags(labels)).containsEntry(ResourceTags.CLUSTER, "c1").containsEntry(ResourceTags.WORKSPACE, "team-a-b");
        assertThat(GceLabels.filter(Map.of(ResourceTags.CLUSTER, "c1", ResourceTags.ROLE, "worker")))
                .isEqualTo("labels.flotilla-cluster = \"c1\" AND labels.flotilla-role = \"worker\"");
    }

    @Test
    void namesAreValidAndDeterministic() {
        String name = GceLabels.name("fl", "Worker_3.X--", "cluster/worker-3");
        assertThat(name).isEqualTo(GceLabels.name("fl", "Worker_3.X--", "cluster/worker-3"))
                .matches("[a-z]([-a-z0-9]*[a-z0-9])?").startsWith("fl-worker-3-x-");
        assertThat(GceLabels.name("fl", "w".repeat(100), "k")).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        assertThat(GceLabels.name("fl", "w", "k1")).isNotEqualTo(GceLabels.name("fl", "w", "k2"));
        assertThat(GceLabels.requestId("k")).isEqualTo(GceLabels.requestId("k")).hasSize(36);
    }

    @Test
    void aZonesMachineTypesAreKeptForTheTtl() {
        AtomicInteger fetched = new AtomicInteger();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        MachineTypeCatalog catalog = new MachineTypeCatalog(zone -> {
            fetched.incrementAndGet();
            return List.of(MachineType.newBuilder().setName("e2-standard-2").setGuestCpus(2).setMemoryMb(8192).build(),
                    MachineType.newBuilder().setName("e2-micro").setGuestCpus(2).setMemoryMb(1024).setIsSharedCpu(true).build());
        }, zone -> List.of(), List.of(), "nvidia-tesla-t4", Duration.ofMinutes(10), clock);
        assertThat(catalog.choose("z", new InstanceSize(2, 1L << 30))).map(MachineTypeCatalog.Choice::machineType).contains("e2-standard-2");
        catalog.choose("z", null);
        assertThat(fetched).hasValue(1);
        now.set(now.get().plus(Duration.ofMinutes(11)));
        catalog.choose("z", null);
        assertThat(fetched).hasValue(2);
        assertThat(catalog.choose("z", new InstanceSize(2, 1L << 30, 5, false))).as("more GPUs than a VM takes").isEmpty();
        assertThat(catalog.choose("z", new InstanceSize(2, 1L << 30, 1, false))).as("no T4 in the zone").isEmpty();
    }
}
