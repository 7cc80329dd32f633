package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterInstance;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.cluster.InstanceStatus;
import io.flotilla.identity.TokenCodec;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.MapSecretStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A retried launch gets the token of the first attempt, so the instance the provider already started can still boot. */
class PendingBootstrapTokensTest {
    private final Map<String, Map<String, String>> stored = new ConcurrentHashMap<>();
    private final PendingBootstrapTokens tokens = new PendingBootstrapTokens(new MapSecretStore(stored));
    private final ClusterInstance fresh = new ClusterInstance(UUID.randomUUID(), UUID.randomUUID(), InstanceRole.WORKER, "worker-1",
            InstanceStatus.LAUNCHING, ClusterTarget.RUNNING, null, null, null, null, null, Instant.EPOCH, Instant.EPOCH);

    @Test
    void aRetryOfTheSameLaunchGetsTheSameTokenAndAFinishedLaunchForgetsIt() {
        String first = tokens.tokenFor(fresh);
        assertThat(first).startsWith(InstanceLauncher.BOOTSTRAP_PREFIX);
        ClusterInstance attempted = fresh.withBootstrap(TokenCodec.sha256(first), Instant.EPOCH.plusSeconds(600));

        assertThat(tokens.tokenFor(attempted)).as("the row still expects the first token").isEqualTo(first);
        assertThat(stored.values()).extracting(data -> data.get("token")).containsExactly(first);
        assertThat(stored.keySet()).singleElement().asString()
                .isEqualTo("clusters/" + fresh.clusterId() + "/bootstrap/" + fresh.id());

        tokens.forget(attempted);
        assertThat(stored).isEmpty();
    }

    @Test
    void aTokenTheRowNoLongerExpectsIsReplaced() {
        String first = tokens.tokenFor(fresh);
        ClusterInstance spent = fresh.withBootstrap(null, null); // the bootstrap consumed it
        String second = tokens.tokenFor(spent);
        assertThat(second).isNotEqualTo(first);
        ClusterInstance other = fresh.withBootstrap(TokenCodec.sha256("fbt_something-else"), Instant.EPOCH);
        assertThat(tokens.tokenFor(other)).isNotIn(first, second);
    }
}
