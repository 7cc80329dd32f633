package io.flotilla.db;

import io.flotilla.provider.ApplianceId;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.util.UUID;

/**
 * Resolves the {@link ApplianceId} once, at start. The first migration picks a random one; an installer that must
 * know it in advance (the Terraform modules condition the appliance's IAM policy on it) sets
 * {@code flotilla.appliance-id}, which a fresh installation (no cluster, no cloud account yet) adopts at its first
 * start. Once clusters or cloud accounts exist, a different configured id stops the start: their tags and external
 * ids name the stored one.
 */
@Factory
public class ApplianceIdResolver {
    private static final long ADOPT_LOCK = 0x466c6f7449644c4bL; // "FlotIdLK": one replica adopts at a time

    /** The installation's id; eager, so that a conflicting setting stops the start. */
    @Context
    public ApplianceId applianceId(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                                   @Nullable @Value("${flotilla.appliance-id:}") String configuredValue) {
        String configured = configuredValue == null || configuredValue.isBlank() ? null : canonical(configuredValue.trim());
        return transactions.executeWrite(status -> {
            String stored = stored(jdbc);
            if (configured != null && !configured.equals(stored)) {
                adopt(jdbc, configured, stored);
                stored = stored(jdbc);
            }
            return new ApplianceId(stored);
        });
    }

    private static void adopt(JdbcOperations jdbc, String configured, String stored) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", st -> {
            st.setLong(1, ADOPT_LOCK);
            st.execute();
            return null;
        });
        if (configured.equals(stored(jdbc))) {
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

    private static String stored(JdbcOperations jdbc) {
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
