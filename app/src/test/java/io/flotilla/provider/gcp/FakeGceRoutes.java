package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.AcceleratorTypeList;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.FirewallList;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstanceAggregatedList;
import com.google.cloud.compute.v1.InstanceList;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.MachineType;
import com.google.cloud.compute.v1.MachineTypeAggregatedList;
import com.google.cloud.compute.v1.MachineTypeList;
import com.google.cloud.compute.v1.MachineTypesScopedList;
import com.google.cloud.compute.v1.OperationList;
import com.google.cloud.compute.v1.Zone;
import com.google.cloud.compute.v1.ZoneList;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fake's routes: one REST call of Compute Engine v1 to its answer (a message printed as JSON) or a failure. */
final class FakeGceRoutes {
    private static final Pattern PROJECT = Pattern.compile("/compute/v1/projects/([^/]+)/(.*)");
    private final FakeGceState state;

    FakeGceRoutes(FakeGceState state) {
        this.state = state;
    }

    Message answer(String method, String path, Map<String, String> query, String body) {
        Matcher project = PROJECT.matcher(path);
        if (!project.matches()) {
            throw FakeGceErrors.notFound(path);
        }
        if (state.apiDisabled) {
            throw FakeGceErrors.apiDisabled(project.group(1));
        }
        if (!project.group(1).equals(state.project)) {
            throw FakeGceErrors.notFound("projects/" + project.group(1));
        }
        String[] p = project.group(2).split("/");
        String route = method + " " + shape(p);
        String requestId = query.get("requestId");
        String filter = query.get("filter");
        return switch (route) {
            case "GET zones" -> page(zones(), query, (items, next) -> ZoneList.newBuilder().setKind("compute#zoneList")
                    .addAllItems(items).setNextPageToken(next).build());
            case "GET zones/*" -> zones().stream().filter(z -> z.getName().equals(p[1])).findFirst()
                    .orElseThrow(() -> FakeGceErrors.notFound("projects/" + state.project + "/zones/" + p[1]));
            case "GET zones/*/machineTypes" -> page(state.machineTypes(p[1]), query, (items, next) ->
                    MachineTypeList.newBuilder().setKind("compute#machineTypeList").addAllItems(items).setNextPageToken(next).build());
            case "GET zones/*/acceleratorTypes" -> page(state.acceleratorTypes(p[1]), query, (items, next) ->
                    AcceleratorTypeList.newBuilder().setKind("compute#acceleratorTypeList").addAllItems(items).setNextPageToken(next).build());
            case "GET aggregated/machineTypes" -> {
                MachineTypeAggregatedList.Builder list = MachineTypeAggregatedList.newBuilder().setKind("compute#machineTypeAggregatedList");
                state.zones.forEach(z -> list.putItems("zones/" + z, MachineTypesScopedList.newBuilder()
                        .addAllMachineTypes(state.machineTypes(z)).build()));
                yield list.build();
            }
            case "POST zones/*/instances" -> state.insertInstance(p[1], parse(body, Instance.newBuilder()).build(), requestId);
            case "GET zones/*/instances" -> {
                state.requireZone(p[1]);
                yield page(state.findInstances(p[1], filter), query, (items, next) ->
                        InstanceList.newBuilder().setKind("compute#instanceList").addAllItems(items).setNextPageToken(next).build());
            }
            case "GET aggregated/instances" -> page(state.findInstances(null, filter), query, (items, next) -> {
                Map<String, InstancesScopedList.Builder> byZone = new LinkedHashMap<>();
                for (Instance instance : items) {
                    String zone = instance.getZone().substring(instance.getZone().lastIndexOf('/') + 1);
                    byZone.computeIfAbsent("zones/" + zone, z -> InstancesScopedList.newBuilder()).addInstances(instance);
                }
                InstanceAggregatedList.Builder list = InstanceAggregatedList.newBuilder().setKind("compute#instanceAggregatedList")
                        .setNextPageToken(next);
                byZone.forEach((zone, scoped) -> list.putItems(zone, scoped.build()));
                return list.build();
            });
            case "GET zones/*/instances/*" -> state.getInstance(p[1], p[3]);
            case "DELETE zones/*/instances/*" -> state.deleteInstance(p[1], p[3], requestId);
            case "POST global/firewalls" -> state.insertFirewall(parse(body, Firewall.newBuilder()).build(), requestId);
            case "GET global/firewalls" -> page(state.firewalls(), query, (items, next) ->
                    FirewallList.newBuilder().setKind("compute#firewallList").addAllItems(items).setNextPageToken(next).build());
            case "GET global/firewalls/*" -> state.getFirewall(p[2]);
            case "PATCH global/firewalls/*" -> state.patchFirewall(p[2], parse(body, Firewall.newBuilder()).build(), requestId);
            case "DELETE global/firewalls/*" -> state.deleteFirewall(p[2], requestId);
            case "GET zones/*/operations" -> page(state.findZoneOperations(p[1], filter), query, (items, next) ->
                    OperationList.newBuilder().setKind("compute#operationList").addAllItems(items).setNextPageToken(next).build());
            case "GET zones/*/operations/*", "POST zones/*/operations/*/wait" -> state.pollOperation(p[1], p[3]);
            case "GET global/operations/*", "POST global/operations/*/wait" -> state.pollOperation(null, p[2]);
            default -> state.networks().answer(route, p, body, requestId).orElseThrow(() ->
                    FakeGceErrors.of(404, "notFound", "fake Compute Engine: no route " + method + " " + path));
        };
    }

    /** The path with the names replaced by {@code *}: zones/*, zones/&#42;/instances, … */
    private static String shape(String[] parts) {
        int start = parts[0].equals("global") || parts[0].equals("aggregated") ? 1 : 0;
        List<String> shape = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            boolean literal = i < start || (i - start) % 2 == 0 || parts[i].equals("wait");
            shape.add(literal ? parts[i] : "*");
        }
        return String.join("/", shape);
    }

    private List<Zone> zones() {
        List<Zone> zones = new ArrayList<>();
        for (String zone : state.zones) {
            zones.add(zone(zone, state.region));
        }
        zones.add(zone("us-east1-b", "us-east1")); // another region, which a provider must filter out
        return zones;
    }

    private Zone zone(String name, String region) {
        return Zone.newBuilder().setKind("compute#zone").setName(name).setStatus("UP").setId(Math.abs((long) name.hashCode()))
                .setRegion(FakeGceState.API + "projects/" + state.project + "/regions/" + region)
                .setSelfLink(FakeGceState.API + "projects/" + state.project + "/zones/" + name).build();
    }

    @FunctionalInterface
    private interface PageBuilder<T> {
        Message build(List<T> items, String nextPageToken);
    }

    /** One page of the items: {@code pageToken} is the offset, {@code maxResults} (or the fake's page size) the length. */
    private <T> Message page(List<T> all, Map<String, String> query, PageBuilder<T> builder) {
        int size = Math.min(state.pageSize, query.containsKey("maxResults") ? Integer.parseInt(query.get("maxResults")) : 500);
        int from = query.getOrDefault("pageToken", "").isEmpty() ? 0 : Integer.parseInt(query.get("pageToken"));
        int to = Math.min(all.size(), from + size);
        return builder.build(all.subList(from, to), to < all.size() ? Integer.toString(to) : "");
    }

    private static <B extends Message.Builder> B parse(String body, B builder) {
        try {
            JsonFormat.parser().merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw FakeGceErrors.invalid("resource", "Invalid JSON payload received. " + e.getMessage());
        }
    }
}
