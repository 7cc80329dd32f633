package io.flotilla.provider.account;

import java.util.List;
import java.util.Map;

/**
 * A network the appliance made (or found again) for an account's clusters.
 *
 * @param networkId the network (AWS VPC id, GCP network name)
 * @param cidr      its address range
 * @param subnets   the subnets clusters start in, stored on the account
 * @param settings  provider settings the account takes from it (e.g. the GCP network's name); merged into its own
 */
public record AccountNetwork(String networkId, String cidr, List<String> subnets, Map<String, String> settings) {
    public AccountNetwork {
        subnets = List.copyOf(subnets);
        settings = Map.copyOf(settings);
    }

    /** A network that changes no setting of the account besides its subnets. */
    public AccountNetwork(String networkId, String cidr, List<String> subnets) {
        this(networkId, cidr, subnets, Map.of());
    }
}
