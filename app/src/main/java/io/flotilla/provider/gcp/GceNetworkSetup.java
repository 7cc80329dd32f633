package io.flotilla.provider.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.InsertNetworkRequest;
import com.google.cloud.compute.v1.InsertSubnetworkRequest;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Subnetwork;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.account.AccountNetwork;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates (or finds again) a VPC network for a GCP account's clusters: a custom-mode network and one subnetwork in
 * the account's region, with Private Google Access (so instances without an external address still reach Cloud
 * Logging). Networks and subnetworks carry no labels in Compute Engine, so ownership is written into their
 * description ({@code flotilla-appliance=<id>}), and an existing one of that name without it is refused, not
 * adopted. The per-cluster firewall rules are made with each cluster ({@link GceFirewalls}). Needs the setup role.
 */
@Singleton
public class GceNetworkSetup {
    /** The network's name unless the account names one. */
    public static final String DEFAULT_NAME = "flotilla";
    /** The subnetwork's range unless the admin gives one. */
    public static final String DEFAULT_CIDR = "10.64.0.0/20";
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private final GcpClients clients;
    private final ApplianceId applianceId;
    private final GcpProviderConfig config;

    public GceNetworkSetup(GcpClients clients, ApplianceId applianceId, GcpProviderConfig config) {
        this.clients = clients;
        this.applianceId = applianceId;
        this.config = config;
    }

    /**
     * The account's network and its subnetwork in the region, created when missing (idempotent), each reported.
     *
     * @param cidr the subnetwork's IPv4 range (a private one, prefix 8–29), or null for {@value #DEFAULT_CIDR}; an
     *             existing subnetwork keeps its own
     * @throws IllegalArgumentException when the range is not usable
     */
    public AccountNetwork ensure(GcpAccountContext account, @Nullable String cidr, CloudMutations mutations) {
        String range = range(cidr);
        String name = account.network() == null || GcpAccountContext.DEFAULT_NETWORK.equals(account.network())
                ? DEFAULT_NAME : lastSegment(account.network());
        String owner = "Flotilla network; flotilla-appliance=" + applianceId.value();
        GceOperations operations = new GceOperations(() -> clients.zoneOperations(account), () -> clients.globalOperations(account),
                account.project(), config.getOperationTimeout());
        Network network = find(() -> clients.networks(account).get(account.project(), name));
        if (network == null) {
            Operation done = operations.awaitGlobal(clients.networks(account).insertCallable().call(InsertNetworkRequest.newBuilder()
                    .setProject(account.project()).setNetworkResource(Network.newBuilder().setName(name)
                            .setAutoCreateSubnetworks(false).setDescription(owner)).build()));
            check(done, account, "creating network " + name);
            mutations.report("network", "create", "custom mode", name);
        } else if (!network.getDescription().contains(owner)) {
            throw ServiceException.conflict("gcp_network_not_owned", "Network " + name + " of project " + account.project()
                    + " exists and is not this appliance's; name another network on the account or remove it.");
        }
        String subnetName = name + "-" + account.region();
        Subnetwork subnetwork = find(() -> clients.subnetworks(account).get(account.project(), account.region(), subnetName));
        if (subnetwork == null) {
            Operation done = operations.awaitRegion(clients.subnetworks(account).insertCallable().call(InsertSubnetworkRequest.newBuilder()
                            .setProject(account.project()).setRegion(account.region()).setSubnetworkResource(Subnetwork.newBuilder()
                                    .setName(subnetName).setNetwork("global/networks/" + name).setIpCidrRange(range)
                                    .setPrivateIpGoogleAccess(true).setDescription(owner)).build()),
                    op -> clients.regionOperations(account).wait(account.project(), account.region(), op));
            check(done, account, "creating subnetwork " + subnetName);
            mutations.report("subnetwork", "create", range, subnetName);
        } else {
            range = subnetwork.getIpCidrRange();
        }
        return new AccountNetwork(name, range, List.of("regions/" + account.region() + "/subnetworks/" + subnetName),
                Map.of(GcpAccountSettings.NETWORK, name));
    }

    private static void check(Operation done, GcpAccountContext account, String what) {
        GceFailure failure = GceFailure.of(done);
        if (failure != null) {
            throw failure.toServiceException(account.project(), what);
        }
    }

    private static <T> T find(java.util.function.Supplier<T> get) {
        try {
            return get.get();
        } catch (NotFoundException missing) {
            return null;
        } catch (ApiException e) {
            throw GceFailure.of(e).toServiceException("", "reading the network");
        }
    }

    private static String range(@Nullable String cidr) {
        String value = cidr == null || cidr.isBlank() ? DEFAULT_CIDR : cidr.trim();
        var m = CIDR.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("cidr must be an IPv4 range such as " + DEFAULT_CIDR + ".");
        }
        int prefix = Integer.parseInt(m.group(5));
        for (int g = 1; g <= 4; g++) {
            if (Integer.parseInt(m.group(g)) > 255) {
                throw new IllegalArgumentException("'" + value + "' is not an IPv4 range.");
            }
        }
        if (prefix < 8 || prefix > 29) {
            throw new IllegalArgumentException("cidr needs a prefix between /8 and /29 for a subnetwork, not /" + prefix + ".");
        }
        long address = 0;
        for (int g = 1; g <= 4; g++) {
            address = (address << 8) | Integer.parseInt(m.group(g));
        }
        if ((address & ((1L << (32 - prefix)) - 1)) != 0) {
            throw new IllegalArgumentException("'" + value + "' has host bits set; a range starts at its network address.");
        }
        if (!inRange(address, prefix, "10.0.0.0", 8) && !inRange(address, prefix, "172.16.0.0", 12)
                && !inRange(address, prefix, "192.168.0.0", 16) && !inRange(address, prefix, "100.64.0.0", 10)) {
            throw new IllegalArgumentException("cidr must be a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"
                    + " or 100.64.0.0/10), not " + value + ".");
        }
        return value;
    }

    private static boolean inRange(long address, int prefix, String block, int blockPrefix) {
        long base = 0;
        for (String octet : block.split("\\.")) {
            base = (base << 8) | Integer.parseInt(octet);
        }
        long mask = (0xffffffffL << (32 - blockPrefix)) & 0xffffffffL;
        return prefix >= blockPrefix && (address & mask) == base;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
