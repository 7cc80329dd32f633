package io.flotilla.cluster;

import io.flotilla.cluster.tls.CaMaterial;
import io.flotilla.cluster.tls.ClusterCa;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Each cluster's own CA, kept in the {@link SecretStore} (never in the database), and the certificates
 * it issues ({@link ClusterCa#issue}): one per instance at bootstrap, one per client at connection time. Leaf keys are
 * never stored.
 */
@Singleton
public class ClusterPki {
    private static final Duration CA_VALIDITY = Duration.ofDays(400);
    private final SecretStore secrets;
    private final Clock clock;

    public ClusterPki(SecretStore secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The cluster's CA, created and stored on first use (idempotent). */
    public ClusterCa ca(UUID clusterId) {
        String path = path(clusterId);
        return secrets.get(path)
                .map(m -> ClusterCa.load(new CaMaterial(m.get("cert"), m.get("key")), clock))
                .orElseGet(() -> {
                    ClusterCa created = ClusterCa.create(clusterId.toString(), clock, CA_VALIDITY);
                    secrets.put(path, Map.of("cert", created.material().certPem(), "key", created.material().keyPem()));
                    return created;
                });
    }

    /** Forgets the CA of a cluster that is gone. */
    public void forget(UUID clusterId) {
        secrets.delete(path(clusterId));
    }

    private static String path(UUID clusterId) {
        return "clusters/" + clusterId + "/ca";
    }
}
