package io.flotilla.environment;

import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Environment versions: newest per name, one row per name and version, deleting a name removes its versions. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoftwareEnvironmentRepositoryTest extends AppTestProperties {
    @Inject
    SoftwareEnvironmentRepository environments;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    WorkspaceRepository workspaces;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.local.python", PythonScript.python().toString());
    }

    @Test
    void versionsByNameNewestFirst() {
        UUID ws = workspaces.findByName("default").orElseThrow().id();
        EnvironmentBuild build = builds.save(EnvironmentBuild.queued(ws, "f".repeat(64), "{}", "local", Instant.now()));
        for (int v = 1; v <= 3; v++) {
            environments.save(new SoftwareEnvironment(UUID.randomUUID(), ws, "alpha", v, "f".repeat(64), build.id(), "admin", Instant.now()));
        }
        environments.save(new SoftwareEnvironment(UUID.randomUUID(), ws, "beta", 1, "f".repeat(64), build.id(), "admin", Instant.now()));
        assertThat(environments.findNewest(ws, "alpha").orElseThrow().version()).isEqualTo(3);
        assertThat(environments.findByWorkspaceIdAndNameAndVersion(ws, "alpha", 2)).isPresent();
        assertThat(environments.findNewestOfEach(ws)).extracting(SoftwareEnvironment::name, SoftwareEnvironment::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", 3), org.assertj.core.groups.Tuple.tuple("beta", 1));
        assertThat(environments.findByBuildId(build.id())).hasSize(4);
        assertThatThrownBy(() -> environments.save(new SoftwareEnvironment(UUID.randomUUID(), ws, "alpha", 3, "f".repeat(64),
                build.id(), "admin", Instant.now()))).as("one row per name and version").isInstanceOf(RuntimeException.class);
        environments.deleteByWorkspaceIdAndName(ws, "alpha");
        assertThat(environments.findByWorkspaceIdAndNameOrderByVersionDesc(ws, "alpha")).isEmpty();
        assertThat(environments.findNewest(ws, "beta")).isPresent();
    }
}
