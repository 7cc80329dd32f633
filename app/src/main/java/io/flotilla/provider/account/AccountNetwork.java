package io.flotilla.provider.account;

import java.util.List;

/**
 * A network the appliance made (or found again) for an account's clusters.
 *
 * @param networkId the network (AWS VPC id, GCP network name)
 * @param cidr      its address range
 * @param subnets   the subnets clusters start in, stored on the account
 */
public record AccountNetwork(String networkId, String cidr, List<String> subnets) {
    public AccountNetwork {
        subnets = List.copyOf(subnets);
    }
}
