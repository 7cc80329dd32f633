package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.AcceleratorType;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.MachineType;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The fake Compute Engine's project: instances, firewall rules, operations, faults; GCP's rules on what is stored. */
final class FakeGceState {
    static final String API = "https://www.googleapis.com/compute/v1/";
    static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    static final Pattern METADATA_KEY = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    static final int METADATA_VALUE_BYTES = 256 * 1024;
    static final int METADATA_TOTAL_BYTES = 512 * 1024;

    private record InsertFailure(boolean spotOnly, Operation failure) {
    }

    private static final class OperationState {
        Operation operation;
        int pollsLeft;

        OperationState(Operation operation, int pollsLeft) {
            this.operation = operation;
            this.pollsLeft = pollsLeft;
        }
    }

    final String project;
    final String region;
    final List<String> zones;
    volatile boolean apiDisabled;
    volatile int runningPolls;
    volatile int pageSize = 500;
    /** The first three octets of the addresses instances get, with a trailing dot. */
    volatile String addressPrefix = "10.132.0.";
    final List<java.util.function.Consumer<Instance>> onInsert = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<java.util.function.Consumer<Instance>> onDelete = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Instance>> instances = new TreeMap<>();
    private final Map<String, Firewall> firewalls = new TreeMap<>();
    private final Map<String, Map<String, OperationState>> zoneOperations = new HashMap<>();
    private final Map<String, OperationState> globalOperations = new LinkedHashMap<>();
    private final Map<String, String> operationByRequestId = new HashMap<>();
    private final Map<String, List<InsertFailure>> insertFailures = new HashMap<>();
    private long nextId = 1_000_000_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    private int nextAddress = 2;

    /** The next private address: {@link #addressPrefix} and a host number, into the next /24 after .254. */
    private String nextAddress() {
        int n = nextAddress++;
        if (addressPrefix.startsWith("10.132.0.")) {
            return addressPrefix + n;
        }
        String[] octets = addressPrefix.split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + (n - 2) / 253) + "." + (2 + (n - 2) % 253);
    }

    FakeGceState(String project, String region, List<String> zones) {
        this.project = project;
        this.region = region;
        this.zones = List.copyOf(zones);
        zones.forEach(zone -> instances.put(zone, new TreeMap<>()));
    }

    // ---- instances

    synchronized Operation insertInstance(String zone, Instance body, String requestId) {
        requireZone(zone);
        Operation repeated = repeated(requestId, zone);
        if (repeated != null) {
            return repeated;
        }
        validate(zone, body);
        if (instances.get(zone).containsKey(body.getName())) {
            throw FakeGceErrors.alreadyExists("projects/" + project + "/zones/" + zone + "/instances/" + body.getName());
        }
        String selfLink = API + "projects/" + project + "/zones/" + zone + "/instances/" + body.getName();
        boolean spot = "SPOT".equals(body.getScheduling().getProvisioningModel());
        for (InsertFailure failure : insertFailures.getOrDefault(zone, List.of())) {
            if (!failure.spotOnly() || spot) {
                return record(requestId, zone, failure.failure().toBuilder().setOperationType("insert")
                        .setTargetLink(selfLink).build());
            }
        }
        long id = nextId++;
        NetworkInterface.Builder nic = body.getNetworkInterfaces(0).toBuilder().setName("nic0")
                .setNetworkIP(nextAddress()).setNetwork(link(body.getNetworkInterfaces(0).getNetwork()));
        Instance instance = body.toBuilder().setId(id).setKind("compute#instance").setStatus("RUNNING")
                .setZone(API + "projects/" + project + "/zones/" + zone).setSelfLink(selfLink)
                .setCreationTimestamp(now()).setMachineType(link(body.getMachineType()))
                .setNetworkInterfaces(0, nic).setLabelFingerprint("42WmSpB8rSM=").build();
        instances.get(zone).put(instance.getName(), instance);
        onInsert.forEach(listener -> listener.accept(instance));
        return record(requestId, zone, Operation.newBuilder().setOperationType("insert").setTargetLink(selfLink)
                .setTargetId(id).build());
    }

    synchronized Instance getInstance(String zone, String name) {
        requireZone(zone);
        Instance instance = instances.get(zone).get(name);
        if (instance == null) {
            throw FakeGceErrors.notFound("projects/" + project + "/zones/" + zone + "/instances/" + name);
        }
        return instance;
    }

    synchronized Operation deleteInstance(String zone, String name, String requestId) {
        Operation repeated = repeated(requestId, zone);
        if (repeated != null) {
            return repeated;
        }
        Instance instance = getInstance(zone, name);
        instances.get(zone).remove(name);
        onDelete.forEach(listener -> listener.accept(instance));
        return record(requestId, zone, Operation.newBuilder().setOperationType("delete")
                .setTargetLink(instance.getSelfLink()).setTargetId(instance.getId()).build());
    }

    /** Instances of the zones (null: all) that match the filter, by zone then name. */
    synchronized List<Instance> findInstances(String zone, String filter) {
        Predicate<Map<String, String>> predicate = filter(filter);
        List<Instance> found = new ArrayList<>();
        instances.forEach((z, byName) -> {
            if (zone == null || zone.equals(z)) {
                byName.values().stream().filter(i -> predicate.test(fields(i))).forEach(found::add);
            }
        });
        return found;
    }

    synchronized List<Instance> instances() {
        return findInstances(null, null);
    }

    synchronized void preempt(String name) {
        Instance instance = instances().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no instance " + name));
        if (!"SPOT".equals(instance.getScheduling().getProvisioningModel()) && !instance.getScheduling().getPreemptible()) {
            throw new IllegalStateException(name + " is neither a Spot nor a preemptible VM; Compute Engine does not preempt it");
        }
        String zone = instance.getZone().substring(instance.getZone().lastIndexOf('/') + 1);
        record(null, zone, Operation.newBuilder().setOperationType(GceComputeProvider.PREEMPTED_OPERATION)
                .setTargetLink(instance.getSelfLink()).setTargetId(instance.getId()).setUser("system")
                .setStatusMessage("Instance was preempted.").build());
        onDelete.forEach(listener -> listener.accept(instance)); // the VM stops running either way
        if ("DELETE".equals(instance.getScheduling().getInstanceTerminationAction())) {
            instances.get(zone).remove(name);
        } else {
            instances.get(zone).put(name, instance.toBuilder().setStatus("TERMINATED").setLastStopTimestamp(now()).build());
        }
    }

    // ---- firewalls

    synchronized Operation insertFirewall(Firewall body, String requestId) {
        Operation repeated = repeated(requestId, null);
        if (repeated != null) {
            return repeated;
        }
        requireName("resource.name", body.getName());
        if (body.getNetwork().isEmpty()) {
            throw FakeGceErrors.invalid("resource.network", "a firewall rule needs a network");
        }
        if (body.getAllowedCount() == 0 && body.getDeniedCount() == 0) {
            throw FakeGceErrors.invalid("resource.allowed", "a firewall rule needs allowed or denied entries");
        }
        if (firewalls.containsKey(body.getName())) {
            throw FakeGceErrors.alreadyExists("projects/" + project + "/global/firewalls/" + body.getName());
        }
        String selfLink = API + "projects/" + project + "/global/firewalls/" + body.getName();
        long id = nextId++;
        firewalls.put(body.getName(), body.toBuilder().setId(id).setKind("compute#firewall").setSelfLink(selfLink)
                .setNetwork(link(body.getNetwork())).setCreationTimestamp(now())
                .setDirection(body.getDirection().isEmpty() ? "INGRESS" : body.getDirection()).build());
        return record(requestId, null, Operation.newBuilder().setOperationType("insert").setTargetLink(selfLink)
                .setTargetId(id).build());
    }

    synchronized Firewall getFirewall(String name) {
        Firewall firewall = firewalls.get(name);
        if (firewall == null) {
            throw FakeGceErrors.notFound("projects/" + project + "/global/firewalls/" + name);
        }
        return firewall;
    }

    /** PATCH: the lists the body carries (source ranges, allowed) replace the rule's, other fields stay. */
    synchronized Operation patchFirewall(String name, Firewall body, String requestId) {
        Operation repeated = repeated(requestId, null);
        if (repeated != null) {
            return repeated;
        }
        Firewall.Builder patched = getFirewall(name).toBuilder();
        if (body.getSourceRangesCount() > 0) {
            patched.clearSourceRanges().addAllSourceRanges(body.getSourceRangesList());
        }
        if (body.getAllowedCount() > 0) {
            patched.clearAllowed().addAllAllowed(body.getAllowedList());
        }
        Firewall firewall = patched.build();
        firewalls.put(name, firewall);
        return record(requestId, null, Operation.newBuilder().setOperationType("patch")
                .setTargetLink(firewall.getSelfLink()).setTargetId(firewall.getId()).build());
    }

    synchronized Operation deleteFirewall(String name, String requestId) {
        Operation repeated = repeated(requestId, null);
        if (repeated != null) {
            return repeated;
        }
        Firewall firewall = getFirewall(name);
        firewalls.remove(name);
        return record(requestId, null, Operation.newBuilder().setOperationType("delete")
                .setTargetLink(firewall.getSelfLink()).setTargetId(firewall.getId()).build());
    }

    synchronized List<Firewall> firewalls() {
        return List.copyOf(firewalls.values());
    }

    synchronized void putFirewall(Firewall firewall) {
        firewalls.put(firewall.getName(), firewall.toBuilder().setId(nextId++).build());
    }

    // ---- networks and subnetworks

    private FakeGceNetworks networks;

    /** The project's VPC networks and subnetworks (made on first use). */
    synchronized FakeGceNetworks networks() {
        if (networks == null) {
            networks = new FakeGceNetworks(project, region);
        }
        return networks;
    }

    // ---- operations

    /** The operation, one poll later (a RUNNING one counts down to DONE). */
    synchronized Operation pollOperation(String zone, String name) {
        OperationState state = zone == null ? globalOperations.get(name)
                : zoneOperations.getOrDefault(zone, Map.of()).get(name);
        if (state == null) {
            throw FakeGceErrors.notFound("projects/" + project + (zone == null ? "/global" : "/zones/" + zone) + "/operations/" + name);
        }
        if (state.pollsLeft > 0 && --state.pollsLeft == 0) {
            state.operation = state.operation.toBuilder().setStatus(Operation.Status.DONE).setProgress(100).setEndTime(now()).build();
        }
        return state.operation;
    }

    synchronized List<Operation> zoneOperations(String zone) {
        return zoneOperations.getOrDefault(zone, Map.of()).values().stream().map(s -> s.operation).toList();
    }

    synchronized List<Operation> findZoneOperations(String zone, String filter) {
        requireZone(zone);
        Predicate<Map<String, String>> predicate = filter(filter);
        return zoneOperations(zone).stream().filter(op -> predicate.test(Map.of("name", op.getName(),
                "operationType", op.getOperationType(), "status", op.getStatus().name(),
                "targetLink", op.getTargetLink(), "targetId", Long.toUnsignedString(op.getTargetId())))).toList();
    }

    // ---- catalog

    List<MachineType> machineTypes(String zone) {
        requireZone(zone);
        return FakeGceCatalog.machineTypes(API + "projects/" + project + "/zones/" + zone).stream()
                .map(t -> t.toBuilder().setSelfLink(t.getZone() + "/machineTypes/" + t.getName()).build()).toList();
    }

    /** NVIDIA T4s (up to 4 per VM) in every zone but the region's last, as real zones differ in what they offer. */
    List<AcceleratorType> acceleratorTypes(String zone) {
        requireZone(zone);
        if (zone.equals(zones.get(zones.size() - 1))) {
            return List.of();
        }
        String zoneLink = API + "projects/" + project + "/zones/" + zone;
        return List.of(AcceleratorType.newBuilder().setKind("compute#acceleratorType").setName("nvidia-tesla-t4")
                .setDescription("NVIDIA T4").setMaximumCardsPerInstance(4).setZone(zoneLink).setId(4001)
                .setSelfLink(zoneLink + "/acceleratorTypes/nvidia-tesla-t4").build());
    }

    // ---- faults

    synchronized void injectInsertFailure(String zone, boolean spotOnly, Operation failure) {
        insertFailures.computeIfAbsent(zone, z -> new ArrayList<>()).add(new InsertFailure(spotOnly, failure));
    }

    synchronized void clearFaults() {
        insertFailures.clear();
    }

    // ---- rules and helpers

    void requireZone(String zone) {
        if (!zones.contains(zone)) {
            throw FakeGceErrors.notFound("projects/" + project + "/zones/" + zone);
        }
    }

    private void validate(String zone, Instance body) {
        requireName("resource.name", body.getName());
        if (body.getLabelsCount() > 64) {
            throw FakeGceErrors.invalid("resource.labels", "at most 64 labels");
        }
        body.getLabelsMap().forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches()) {
                throw FakeGceErrors.invalid("resource.labels", "Label key '" + key + "' violates format constraints.");
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                throw FakeGceErrors.invalid("resource.labels", "Label value '" + value + "' violates format constraints.");
            }
        });
        int total = 0;
        for (Items item : body.getMetadata().getItemsList()) {
            int bytes = item.getValue().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            if (!METADATA_KEY.matcher(item.getKey()).matches() || bytes > METADATA_VALUE_BYTES) {
                throw FakeGceErrors.invalid("resource.metadata", "metadata item '" + item.getKey() + "' is invalid or too long");
            }
        }
        if (total > METADATA_TOTAL_BYTES) {
            throw FakeGceErrors.invalid("resource.metadata", "metadata exceeds " + METADATA_TOTAL_BYTES + " bytes");
        }
        String machineType = body.getMachineType().substring(body.getMachineType().lastIndexOf('/') + 1);
        if (!body.getMachineType().contains("zones/" + zone + "/machineTypes/")
                || machineTypes(zone).stream().noneMatch(t -> t.getName().equals(machineType))) {
            throw FakeGceErrors.invalid("resource.machineType", "Invalid value '" + body.getMachineType() + "'.");
        }
        if (body.getDisksList().stream().noneMatch(d -> d.getBoot() && !d.getInitializeParams().getSourceImage().isEmpty())) {
            throw FakeGceErrors.invalid("resource.disks", "a boot disk with a source image is required");
        }
        if (body.getNetworkInterfacesCount() == 0 || body.getNetworkInterfaces(0).getNetwork().isEmpty()) {
            throw FakeGceErrors.invalid("resource.networkInterfaces", "a network interface on a network is required");
        }
        if (body.getGuestAcceleratorsCount() > 0 && !"TERMINATE".equals(body.getScheduling().getOnHostMaintenance())) {
            throw FakeGceErrors.invalid("resource.scheduling.onHostMaintenance",
                    "Instances with guest accelerators do not support live migration.");
        }
        body.getGuestAcceleratorsList().forEach(accelerator -> {
            String type = accelerator.getAcceleratorType().substring(accelerator.getAcceleratorType().lastIndexOf('/') + 1);
            if (acceleratorTypes(zone).stream().noneMatch(a -> a.getName().equals(type)
                    && a.getMaximumCardsPerInstance() >= accelerator.getAcceleratorCount())) {
                throw FakeGceErrors.invalid("resource.guestAccelerators", "accelerator type " + type + " is not available in " + zone);
            }
        });
        body.getTags().getItemsList().forEach(tag -> requireName("resource.tags.items", tag));
    }

    private static void requireName(String field, String name) {
        if (name.length() > 63 || !NAME.matcher(name).matches()) {
            throw FakeGceErrors.invalid(field, "'" + name + "'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
        }
    }

    private Operation repeated(String requestId, String zone) {
        if (requestId == null || requestId.isEmpty()) {
            return null;
        }
        String name = operationByRequestId.get(requestId);
        if (name == null) {
            return null;
        }
        OperationState state = zone == null ? globalOperations.get(name) : zoneOperations.getOrDefault(zone, Map.of()).get(name);
        return state == null ? null : state.operation;
    }

    private Operation record(String requestId, String zone, Operation partial) {
        String name = "operation-" + System.currentTimeMillis() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        boolean running = runningPolls > 0 && !partial.getOperationType().equals(GceComputeProvider.PREEMPTED_OPERATION);
        Operation.Builder operation = partial.toBuilder().setKind("compute#operation").setId(nextId++).setName(name)
                .setStatus(running ? Operation.Status.RUNNING : Operation.Status.DONE).setProgress(running ? 0 : 100)
                .setInsertTime(now()).setStartTime(now())
                .setSelfLink(API + "projects/" + project + (zone == null ? "/global" : "/zones/" + zone) + "/operations/" + name);
        if (!running) {
            operation.setEndTime(now());
        }
        if (zone != null) {
            operation.setZone(API + "projects/" + project + "/zones/" + zone);
        }
        if (!partial.hasUser()) {
            operation.setUser("flotilla@" + project + ".iam.gserviceaccount.com");
        }
        OperationState state = new OperationState(operation.build(), running ? runningPolls : 0);
        if (zone == null) {
            globalOperations.put(name, state);
        } else {
            zoneOperations.computeIfAbsent(zone, z -> new LinkedHashMap<>()).put(name, state);
        }
        if (requestId != null && !requestId.isEmpty()) {
            operationByRequestId.put(requestId, name);
        }
        return state.operation;
    }

    private static Predicate<Map<String, String>> filter(String filter) {
        try {
            return FakeGceFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            throw FakeGceErrors.invalid("filter", e.getMessage());
        }
    }

    private static Map<String, String> fields(Instance instance) {
        Map<String, String> fields = new HashMap<>();
        fields.put("name", instance.getName());
        fields.put("status", instance.getStatus());
        fields.put("id", Long.toUnsignedString(instance.getId()));
        instance.getLabelsMap().forEach((k, v) -> fields.put("labels." + k, v));
        return fields;
    }

    /** A relative resource path as the full URL Compute Engine stores. */
    private String link(String path) {
        if (path.startsWith("https://")) {
            return path;
        }
        return API + (path.startsWith("projects/") ? path : "projects/" + project + "/" + path);
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(-8)).truncatedTo(ChronoUnit.MILLIS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
