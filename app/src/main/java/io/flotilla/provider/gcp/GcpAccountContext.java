package io.flotilla.provider.gcp;

import com.google.api.gax.core.CredentialsProvider;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * Where and as whom one cloud account's Compute Engine calls go: the project and region clusters run in, the zones
 * tried in order, the credentials the appliance uses there (its own service account, an impersonated one, or a
 * key), and the network and service account its instances get. Built from a registered cloud account, or from
 * {@code flotilla.gcp.*} for the default one.
 *
 * @param key                  a stable id of the account (cloud account uuid, or {@code default}); clients and
 *                             providers are cached by it
 * @param name                 the account's display name
 * @param project              project id instances run in
 * @param region               region clusters run in
 * @param zones                zones tried in order; empty: the region's zones (zones.list), in their order
 * @param credentials          credentials of the appliance's calls in this project
 * @param network              VPC network (name or self-link), or null for {@code default}
 * @param subnetworks          subnetworks (names or self-links); the launch region's one is used; empty: the
 *                             network's auto-mode subnetwork
 * @param allowedCidrs         addresses that may reach schedulers when the workspace names none
 * @param workerServiceAccount service account (email) instances run as, or null for none
 * @param computeEndpoint      Compute Engine endpoint replacing Google's (e.g. {@code http://127.0.0.1:PORT}), or null
 */
public record GcpAccountContext(String key, String name, String project, String region, List<String> zones,
                                CredentialsProvider credentials, @Nullable String network, List<String> subnetworks,
                                List<String> allowedCidrs, @Nullable String workerServiceAccount,
                                @Nullable String computeEndpoint) {
    /** The key of the account configured by {@code flotilla.gcp.*}. */
    public static final String DEFAULT_KEY = "default";
    /** The network instances use when the account names none. */
    public static final String DEFAULT_NETWORK = "default";

    public GcpAccountContext {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(project, "the GCP account has no project");
        Objects.requireNonNull(region, "the GCP account has no region");
        Objects.requireNonNull(credentials, "credentials");
        zones = zones == null ? List.of() : List.copyOf(zones);
        subnetworks = subnetworks == null ? List.of() : List.copyOf(subnetworks);
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    /** The network as Compute Engine wants it in an instance or firewall: a self-link or {@code global/networks/<name>}. */
    public String networkPath() {
        String value = network == null ? DEFAULT_NETWORK : network;
        return value.contains("/") ? value : "global/networks/" + value;
    }

    /** The account's subnetwork in the region, as a path or self-link, or null (the network's auto subnetwork). */
    @Nullable
    public String subnetworkIn(String launchRegion) {
        for (String subnetwork : subnetworks) {
            if (!subnetwork.contains("/")) {
                return "regions/" + launchRegion + "/subnetworks/" + subnetwork;
            }
            if (subnetwork.contains("/regions/" + launchRegion + "/") || subnetwork.startsWith("regions/" + launchRegion + "/")) {
                return subnetwork;
            }
        }
        return null;
    }

    /** The default account: {@code flotilla.gcp.*} with the given credentials. */
    public static GcpAccountContext fromConfig(GcpProviderConfig config, CredentialsProvider credentials) {
        return new GcpAccountContext(DEFAULT_KEY, DEFAULT_KEY, config.getProject(), config.getRegion(), config.getZones(),
                credentials, config.getNetwork(), config.getSubnetworks(), config.getAllowedCidrs(),
                config.getWorkerServiceAccount(), config.getComputeEndpoint());
    }
}
