package io.flotilla.cluster.engine;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** The id of this installation (shared by its replicas), written into the tags of everything it creates. */
@Singleton
public class ApplianceId {
    private final JdbcOperations jdbc;
    private volatile String id;

    public ApplianceId(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public String get() {
        if (id == null) {
            id = jdbc.prepareStatement("SELECT id FROM appliance", st -> {
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        }
        return id;
    }
}
