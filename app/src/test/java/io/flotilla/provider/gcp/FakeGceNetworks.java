package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Subnetwork;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The fake Compute Engine's VPC networks and subnetworks (networks insert/get, subnetworks insert/get and the
 * regional operations a subnetwork insert returns), with GCP's rules: names, custom-mode networks, a subnetwork's
 * network must exist, its range a valid IPv4 CIDR that does not overlap another subnetwork of the network.
 */
final class FakeGceNetworks {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private final String project;
    private final String region;
    private final Map<String, Network> networks = new TreeMap<>();
    private final Map<String, Subnetwork> subnetworks = new TreeMap<>();
    private final Map<String, Operation> operations = new HashMap<>();
    private final Map<String, Operation> byRequestId = new HashMap<>();
    private long nextId = 2_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);

    FakeGceNetworks(String project, String region) {
        this.project = project;
        this.region = region;
    }

    /** The answer to a network route ({@code route} is the method and the path's shape), or empty for another route. */
    Optional<Message> answer(String route, String[] p, String body, String requestId) {
        return Optional.ofNullable(switch (route) {
            case "POST global/networks" -> insertNetwork(parse(body, Network.newBuilder()).build(), requestId);
            case "GET global/networks/*" -> network(p[2]);
            case "POST regions/*/subnetworks" -> insertSubnetwork(p[1], parse(body, Subnetwork.newBuilder()).build(), requestId);
            case "GET regions/*/subnetworks/*" -> subnetwork(p[1], p[3]);
            case "GET regions/*/operations/*", "POST regions/*/operations/*/wait" -> operation(p[1], p[3]);
            default -> null;
        });
    }

    synchronized Operation insertNetwork(Network body, String requestId) {
        Operation repeated = requestId == null ? null : byRequestId.get(requestId);
        if (repeated != null) {
            return repeated;
        }
        requireName(body.getName());
        if (!body.hasAutoCreateSubnetworks()) {
            throw FakeGceErrors.invalid("resource.autoCreateSubnetworks", "legacy networks are not supported; set autoCreateSubnetworks");
        }
        if (networks.containsKey(body.getName())) {
            throw FakeGceErrors.alreadyExists("projects/" + project + "/global/networks/" + body.getName());
        }
        String selfLink = FakeGceState.API + "projects/" + project + "/global/networks/" + body.getName();
        long id = nextId++;
        networks.put(body.getName(), body.toBuilder().setId(id).setKind("compute#network").setSelfLink(selfLink)
                .setCreationTimestamp(now()).build());
        return record(requestId, null, "insert", selfLink, id);
    }

    synchronized Network network(String name) {
        Network network = networks.get(name);
        if (network == null) {
            throw FakeGceErrors.notFound("projects/" + project + "/global/networks/" + name);
        }
        return network;
    }

    synchronized Operation insertSubnetwork(String inRegion, Subnetwork body, String requestId) {
        requireRegion(inRegion);
        Operation repeated = requestId == null ? null : byRequestId.get(requestId);
        if (repeated != null) {
            return repeated;
        }
        requireName(body.getName());
        String networkName = body.getNetwork().substring(body.getNetwork().lastIndexOf('/') + 1);
        if (body.getNetwork().isEmpty() || !networks.containsKey(networkName)) {
            throw FakeGceErrors.invalid("resource.network", "The resource 'projects/" + project + "/global/networks/"
                    + networkName + "' was not found");
        }
        if (!CIDR.matcher(body.getIpCidrRange()).matches()) {
            throw FakeGceErrors.invalid("resource.ipCidrRange", "Invalid IPCidrRange: " + body.getIpCidrRange());
        }
        String networkLink = networks.get(networkName).getSelfLink();
        for (Subnetwork other : subnetworks.values()) {
            if (other.getNetwork().equals(networkLink) && overlap(other.getIpCidrRange(), body.getIpCidrRange())) {
                throw FakeGceErrors.invalid("resource.ipCidrRange", "Invalid IPCidrRange: " + body.getIpCidrRange()
                        + " conflicts with existing subnetwork '" + other.getName() + "'.");
            }
        }
        String key = inRegion + "/" + body.getName();
        if (subnetworks.containsKey(key)) {
            throw FakeGceErrors.alreadyExists("projects/" + project + "/regions/" + inRegion + "/subnetworks/" + body.getName());
        }
        String selfLink = FakeGceState.API + "projects/" + project + "/regions/" + inRegion + "/subnetworks/" + body.getName();
        long id = nextId++;
        subnetworks.put(key, body.toBuilder().setId(id).setKind("compute#subnetwork").setSelfLink(selfLink)
                .setNetwork(networkLink).setRegion(FakeGceState.API + "projects/" + project + "/regions/" + inRegion)
                .setGatewayAddress(gateway(body.getIpCidrRange())).setCreationTimestamp(now()).build());
        networks.put(networkName, networks.get(networkName).toBuilder().addSubnetworks(selfLink).build());
        return record(requestId, inRegion, "insert", selfLink, id);
    }

    synchronized Subnetwork subnetwork(String inRegion, String name) {
        requireRegion(inRegion);
        Subnetwork subnetwork = subnetworks.get(inRegion + "/" + name);
        if (subnetwork == null) {
            throw FakeGceErrors.notFound("projects/" + project + "/regions/" + inRegion + "/subnetworks/" + name);
        }
        return subnetwork;
    }

    synchronized Operation operation(String inRegion, String name) {
        Operation operation = operations.get(inRegion + "/" + name);
        if (operation == null) {
            throw FakeGceErrors.notFound("projects/" + project + "/regions/" + inRegion + "/operations/" + name);
        }
        return operation;
    }

    synchronized List<Network> networks() {
        return List.copyOf(networks.values());
    }

    synchronized List<Subnetwork> subnetworks() {
        return List.copyOf(subnetworks.values());
    }

    /** A network made by someone else. */
    synchronized void putNetwork(Network network) {
        networks.put(network.getName(), network.toBuilder().setId(nextId++).setKind("compute#network")
                .setSelfLink(FakeGceState.API + "projects/" + project + "/global/networks/" + network.getName()).build());
    }

    /** The operation, DONE at once (so the client does not poll a network's global one). */
    private Operation record(String requestId, String inRegion, String type, String targetLink, long targetId) {
        String name = "operation-" + System.currentTimeMillis() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String scope = inRegion == null ? "/global" : "/regions/" + inRegion;
        Operation.Builder operation = Operation.newBuilder().setKind("compute#operation").setId(nextId++).setName(name)
                .setOperationType(type).setTargetLink(targetLink).setTargetId(targetId).setStatus(Operation.Status.DONE)
                .setProgress(100).setInsertTime(now()).setStartTime(now()).setEndTime(now())
                .setUser("flotilla@" + project + ".iam.gserviceaccount.com")
                .setSelfLink(FakeGceState.API + "projects/" + project + scope + "/operations/" + name);
        if (inRegion != null) {
            operation.setRegion(FakeGceState.API + "projects/" + project + "/regions/" + inRegion);
        }
        Operation done = operation.build();
        operations.put((inRegion == null ? "global" : inRegion) + "/" + name, done);
        if (requestId != null && !requestId.isEmpty()) {
            byRequestId.put(requestId, done);
        }
        return done;
    }

    private void requireRegion(String inRegion) {
        if (!region.equals(inRegion)) {
            throw FakeGceErrors.notFound("projects/" + project + "/regions/" + inRegion);
        }
    }

    private static void requireName(String name) {
        if (name.length() > 63 || !FakeGceState.NAME.matcher(name).matches()) {
            throw FakeGceErrors.invalid("resource.name", "'" + name + "'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
        }
    }

    private static boolean overlap(String a, String b) {
        long[] x = bounds(a);
        long[] y = bounds(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    private static long[] bounds(String cidr) {
        var m = CIDR.matcher(cidr);
        if (!m.matches()) {
            throw FakeGceErrors.invalid("resource.ipCidrRange", "Invalid IPCidrRange: " + cidr);
        }
        long address = 0;
        for (int g = 1; g <= 4; g++) {
            int octet = Integer.parseInt(m.group(g));
            if (octet > 255) {
                throw FakeGceErrors.invalid("resource.ipCidrRange", "Invalid IPCidrRange: " + cidr);
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        long size = 1L << (32 - prefix);
        long start = address & ~(size - 1) & 0xffffffffL;
        return new long[] {start, start + size - 1};
    }

    private static String gateway(String cidr) {
        long start = bounds(cidr)[0] + 1;
        return (start >> 24 & 255) + "." + (start >> 16 & 255) + "." + (start >> 8 & 255) + "." + (start & 255);
    }

    private static <B extends Message.Builder> B parse(String body, B builder) {
        try {
            JsonFormat.parser().merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw FakeGceErrors.invalid("resource", "Invalid JSON payload received. " + e.getMessage());
        }
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
