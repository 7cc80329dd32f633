package io.flotilla.environment;

import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Build rows: the newest build of a spec, claims that skip rows another replica holds, stale and fresh heartbeats. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentBuildRepositoryTest extends AppTestProperties {
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    BuildClaims claims;
    @Inject
    WorkspaceRepository workspaces;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.tasks.enabled", "false", "flotilla.local.python", PythonScript.python().toString());
    }

    @Test
    void claimsSkipLockedRowsAndTakeOverOnlyStaleBuilds() throws Exception {
        UUID ws = workspaces.findByName("default").orElseThrow().id();
        Instant now = Instant.now();
        EnvironmentBuild held = builds.save(EnvironmentBuild.queued(ws, "a".repeat(64), "{}", "local", now.minusSeconds(30)));
        EnvironmentBuild free = builds.save(EnvironmentBuild.queued(ws, "b".repeat(64), "{}", "local", now.minusSeconds(20)));
        EnvironmentBuild fresh = builds.save(new EnvironmentBuild(UUID.randomUUID(), ws, "c".repeat(64), "{}", "local",
                BuildState.BUILDING, null, null, null, 1, now, now.minusSeconds(40), now, null));
        EnvironmentBuild stale = builds.save(new EnvironmentBuild(UUID.randomUUID(), ws, "d".repeat(64), "{}", "local",
                BuildState.BUILDING, null, null, null, 1, now.minus(Duration.ofMinutes(10)), now.minusSeconds(10), now, null));
        try (Connection other = sql()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT id FROM environment_builds WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, held.id());
                lock.executeQuery();
            }
            java.util.List<EnvironmentBuild> claimed = new java.util.ArrayList<>();
            for (var next = claims.claim(); next.isPresent(); next = claims.claim()) {
                claimed.add(next.get());
            }
            assertThat(claimed).extracting(EnvironmentBuild::id).as("the held row and the fresh build are left alone")
                    .contains(free.id(), stale.id()).doesNotContain(held.id(), fresh.id());
            assertThat(claimed).allSatisfy(b -> assertThat(b.state()).isEqualTo(BuildState.BUILDING));
            assertThat(claimed.stream().filter(b -> b.id().equals(free.id())).findFirst().orElseThrow().attempts()).isEqualTo(1);
            assertThat(claimed.stream().filter(b -> b.id().equals(stale.id())).findFirst().orElseThrow().attempts())
                    .as("a stale heartbeat is taken over: second attempt").isEqualTo(2);
            other.rollback();
        }
        assertThat(claims.claim().orElseThrow().id()).isEqualTo(held.id());
        assertThat(builds.findById(fresh.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void newestBuildOfASpecIsTheLatestOne() {
        UUID ws = workspaces.findByName("default").orElseThrow().id();
        String hash = "e".repeat(64);
        builds.save(EnvironmentBuild.queued(ws, hash, "{}", "local", Instant.now().minusSeconds(60)));
        EnvironmentBuild newer = builds.save(EnvironmentBuild.queued(ws, hash, "{}", "local", Instant.now()));
        assertThat(builds.findNewest(ws, hash).orElseThrow().id()).isEqualTo(newer.id());
        assertThat(builds.findByWorkspaceIdAndSpecHashOrderByCreatedAtDesc(ws, hash)).hasSize(2);
        assertThat(builds.findUnreferenced(ws)).extracting(EnvironmentBuild::id).contains(newer.id());
    }
}
