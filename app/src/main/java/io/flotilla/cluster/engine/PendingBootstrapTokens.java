package io.flotilla.cluster.engine;

import io.flotilla.cluster.ClusterInstance;
import io.flotilla.identity.TokenCodec;
import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The one-time bootstrap token of an instance whose launch is not checkpointed yet, kept in the secret store
 * (never the database) so that a retried launch hands the provider the same token. A provider answers a retry
 * with the instance it already started (idempotency key, EC2 ClientToken), whose user-data carries the first
 * token: issuing a new one would lock that instance out. Removed once the launch is checkpointed.
 */
@Singleton
public class PendingBootstrapTokens {
    private static final Logger LOG = LoggerFactory.getLogger(PendingBootstrapTokens.class);
    private static final String TOKEN = "token";
    private final SecretStore store;

    public PendingBootstrapTokens(SecretStore store) {
        this.store = store;
    }

    /**
     * The token of the row's unfinished launch when the row still expects it (its stored hash matches), else a
     * fresh token, kept here until {@link #forget}.
     */
    public String tokenFor(ClusterInstance row) {
        String path = path(row);
        Optional<String> pending = store.get(path).map(data -> data.get(TOKEN));
        if (pending.isPresent() && TokenCodec.sha256(pending.get()).equals(row.bootstrapTokenHash())) {
            return pending.get();
        }
        String token = TokenCodec.newToken(InstanceLauncher.BOOTSTRAP_PREFIX);
        store.put(path, Map.of(TOKEN, token));
        return token;
    }

    /** The launch is checkpointed: its token is only needed by the instance now. A store that is down only leaves it (logged). */
    public void forget(ClusterInstance row) {
        try {
            store.delete(path(row));
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the pending bootstrap token of instance {}: {}", row.id(), e.getMessage());
        }
    }

    private static String path(ClusterInstance row) {
        return SecretPaths.require("clusters/" + row.clusterId() + "/bootstrap/" + row.id());
    }
}
