package io.flotilla.cluster.agent;

import io.flotilla.cluster.Cluster;
import io.flotilla.environment.ClusterSoftware;
import io.flotilla.environment.ClusterSoftwareRepository;
import io.flotilla.environment.EnvironmentBuild;
import io.flotilla.environment.EnvironmentBuildRepository;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster whose environment was built into an image is told the image in the bootstrap answer; others get none. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapSoftwareTest extends AppTestProperties {
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/flotilla-envs:abc123";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    ClusterSoftwareRepository clusterSoftware;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImageOfTheClustersEnvironmentIsInTheBootstrapAnswer() {
        Cluster cluster = rows.starting("local", "default", "imaged", 0);
        EnvironmentBuild build = builds.save(EnvironmentBuild.queued(cluster.workspaceId(), "a".repeat(64), "{}", "aws",
                Instant.now()).claimed(Instant.now()).ready(new BuiltArtifact("image", IMAGE), Instant.now()));
        clusterSoftware.save(new ClusterSoftware(cluster.id(), "imaged-env", 1, build.id()));
        String token = rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", "p-imaged", null);
        Map<String, Object> answer = new Api(client, token).post("/api/v1/agent/bootstrap", null).json();
        assertThat((Map<String, Object>) answer.get("software")).containsEntry("image", IMAGE);

        Cluster plain = rows.starting("local", "default", "plain", 0);
        String plainToken = rows.launched(plain, InstanceRole.SCHEDULER, "scheduler", "p-plain", null);
        assertThat(new Api(client, plainToken).post("/api/v1/agent/bootstrap", null).json()).doesNotContainKey("software");
    }
}
