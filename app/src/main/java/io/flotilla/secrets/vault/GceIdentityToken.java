package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.VaultException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The JWT that Vault's GCP auth method (type {@code gce}) accepts: the GCE metadata server's identity token of the
 * instance's default service account, for the audience {@code http://vault/<role>}, in the full format (with the
 * instance's details, which Vault's bound zones/labels check). Signed by Google; no key on the appliance.
 */
final class GceIdentityToken {
    private final VaultConfig config;
    private final HttpClient http;

    GceIdentityToken(VaultConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.getTimeout()).build();
    }

    /** Fetches a fresh identity token for {@code role}. */
    String fetch(String role) throws VaultException {
        String audience = URLEncoder.encode("http://vault/" + role, StandardCharsets.UTF_8);
        URI uri = URI.create("http://" + config.getGcpMetadataHost()
                + "/computeMetadata/v1/instance/service-accounts/default/identity?audience=" + audience + "&format=full");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Metadata-Flavor", "Google")
                .timeout(config.getTimeout().plus(Duration.ofSeconds(5))).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().isBlank()) {
                throw new VaultLogin.Failure("The GCE metadata server at " + config.getGcpMetadataHost()
                        + " gave no identity token (HTTP " + response.statusCode() + ")");
            }
            return response.body().strip();
        } catch (IOException e) {
            throw new VaultLogin.Failure("The GCE metadata server at " + config.getGcpMetadataHost()
                    + " cannot be reached for an identity token: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultLogin.Failure("Interrupted while fetching the GCE identity token");
        }
    }
}
