package io.flotilla.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Top-level appliance settings ({@code flotilla.*}).
 */
@ConfigurationProperties("flotilla")
public class FlotillaConfig {
    /** Directory for the embedded database, the embedded secret key, logs and local clusters. Env: FLOTILLA_DATA_DIR. */
    private Path dataDir = Path.of(System.getProperty("user.home"), ".flotilla");
    /** URL under which users and cluster instances reach this appliance. Env: FLOTILLA_PUBLIC_URL. */
    private String publicUrl;
    /** API token given to the bootstrap admin at the first start (automated installs). Env: FLOTILLA_ADMIN_TOKEN. */
    private String adminToken;

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken;
    }
}
