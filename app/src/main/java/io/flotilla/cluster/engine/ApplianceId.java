package io.flotilla.cluster.engine;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The id of this installation (shared by its replicas), written into the tags of everything it creates. The first
 * migration picks a random one; an installer that must know it in advance (the Terraform modules condition the
 * appliance's IAM policy on it) sets {@code flotilla.appliance-id}, which a fresh installation (no cluster, no
 * cloud account yet) adopts at its first start. Once clusters or cloud accounts exist, a different configured id
 * stops the start: their tags and external ids name the stored one.
 */
@Singleton
public class ApplianceId {
    private static final long ADOPT_LOCK = 0x466c6f7449644c4bL; // "FlotIdLK": one replica adopts at a time
    private final JdbcOperations jdbc;
    @Nullable
    private final String configured;
    private volatile String id;

    /** Without a configured id (subclasses in tests). */
    public ApplianceId(JdbcOperations jdbc) {
        this(jdbc, null);
    }

    @Inject
    public ApplianceId(JdbcOperations jdbc, @Nullable @Value("${flotilla.appliance-id:}") String configured) {
        this.jdbc = jdbc;
        this.configured = configured == null || configured.isBlank() ? null : canonical(configured.trim());
    }

    @EventListener
    void onStartup(StartupEvent event) {
        get();
    }

    @Transactional
    public String get() {
        if (id == null) {
            String stored = stored();
            if (configured != null && !configured.equals(stored)) {
                adopt(stored);
                stored = stored();
            }
            id = stored;
        }
        return id;
    }

    private void adopt(String stored) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", st -> {
            st.setLong(1, ADOPT_LOCK);
            st.execute();
            return null;
        });
        if (configured.equals(stored())) {
            return; // another replica adopted it meanwhile
        }
        long used = jdbc.prepareStatement("SELECT (SELECT count(*) FROM clusters) + (SELECT count(*) FROM cloud_accounts)", st -> {
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (used > 0) {
            throw new IllegalStateException("flotilla.appliance-id (FLOTILLA_APPLIANCE_ID) is " + configured
                    + " but this installation's id is " + stored + ", which its clusters' tags and cloud accounts'"
                    + " external ids already name; set it to " + stored + " or remove the setting");
        }
        jdbc.prepareStatement("UPDATE appliance SET id = ?", st -> {
            st.setObject(1, UUID.fromString(configured));
            return st.executeUpdate();
        });
    }

    private String stored() {
        return jdbc.prepareStatement("SELECT id FROM appliance", st -> {
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static String canonical(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flotilla.appliance-id (FLOTILLA_APPLIANCE_ID) must be a UUID, not '" + value + "'", e);
        }
    }
}
