package io.flotilla.db;

import java.nio.file.Path;

/** Where the appliance keeps its files, read before the application context exists. */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** {@code flotilla.data-dir} system property, else {@code FLOTILLA_DATA_DIR}, else {@code ~/.flotilla}. */
    public static Path resolve() {
        String configured = EmbeddedDatabase.setting("FLOTILLA_DATA_DIR", "flotilla.data-dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".flotilla");
    }
}
