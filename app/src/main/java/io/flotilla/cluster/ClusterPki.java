package io.flotilla.cluster;

import io.flotilla.cluster.tls.CaMaterial;
import io.flotilla.cluster.tls.ClusterCa;
import io.flotilla.identity.TokenCodec;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each cluster's own CA, kept in the {@link SecretStore} (never in the database), and the certificates
 * it issues ({@link ClusterCa#issue}): one per instance at bootstrap, one per client at connection time. Leaf keys are
 * never stored. Next to the CA, the cluster's dashboard token: the scheduler's dashboard answers only requests
 * that carry it (the link users get with the connection credentials).
 */
@Singleton
public class ClusterPki {
    /** Dashboard tokens carry this prefix, so that secret scanners and people can recognise them. */
    public static final String DASHBOARD_TOKEN_PREFIX = "fdt_";
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

    /**
     * The cluster's dashboard token, created (256 random bits) and stored on first use; the scheduler's bootstrap
     * asks for it, under the cluster's row lock, so one cluster never gets two.
     */
    public String dashboardToken(UUID clusterId) {
        return existingDashboardToken(clusterId).orElseGet(() -> {
            String token = TokenCodec.newToken(DASHBOARD_TOKEN_PREFIX);
            secrets.put(dashboardPath(clusterId), Map.of("token", token));
            return token;
        });
    }

    /** The dashboard token, if the cluster's scheduler was given one (clusters started before it existed were not). */
    public Optional<String> existingDashboardToken(UUID clusterId) {
        return secrets.get(dashboardPath(clusterId)).map(m -> m.get("token"));
    }

    /** Forgets the CA and the dashboard token of a cluster that is gone. */
    public void forget(UUID clusterId) {
        secrets.delete(path(clusterId));
        secrets.delete(dashboardPath(clusterId));
    }

    private static String path(UUID clusterId) {
        return "clusters/" + clusterId + "/ca";
    }

    private static String dashboardPath(UUID clusterId) {
        return "clusters/" + clusterId + "/dashboard";
    }
}
