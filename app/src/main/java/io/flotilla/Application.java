package io.flotilla;

import io.flotilla.db.EmbeddedDatabase;
import io.micronaut.runtime.Micronaut;

import java.util.Map;

/**
 * Entry point of the Flotilla appliance. Without {@code FLOTILLA_DATABASE_URL} it first starts the
 * embedded PostgreSQL under the data directory and points the default datasource at it.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = EmbeddedDatabase.startIfNoDatabaseConfigured();
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(properties)
                .start();
    }
}
