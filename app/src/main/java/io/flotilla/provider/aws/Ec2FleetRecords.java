package io.flotilla.provider.aws;

import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.ResourceTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeleteFleetSuccessItem;
import software.amazon.awssdk.services.ec2.model.DeleteFleetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeFleetsInstances;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetData;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The fleet records {@code CreateFleet} leaves behind, one per launch, tagged like the cluster. A record is
 * deleted once every instance it started is gone. DescribeFleets has no tag filter, so the tags are matched
 * here; records already deleted ({@code deleted*} states) count as gone.
 */
public final class Ec2FleetRecords {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2FleetRecords.class);
    /** EC2 deletes at most 25 instant fleets per request. */
    private static final int MAX_DELETE = 25;

    private Ec2FleetRecords() {
    }

    /** Fleets not yet deleted that carry all the tags. */
    public static List<FleetData> find(Ec2Client ec2, Map<String, String> tags) {
        List<FleetData> found = new ArrayList<>();
        ec2.describeFleetsPaginator(b -> b.build()).fleets().forEach(fleet -> {
            if (!deleted(fleet) && ResourceTags.matches(tags(fleet), tags)) {
                found.add(fleet);
            }
        });
        return found;
    }

    /** Cluster ids of the fleets (not yet deleted) carrying all the tags. */
    public static Set<String> clusters(Ec2Client ec2, Map<String, String> tagFilter) {
        return find(ec2, tagFilter).stream().map(f -> tags(f).get(ResourceTags.CLUSTER)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    /**
     * Deletes this appliance's fleet records of the cluster whose instances are all gone (known to EC2 and
     * shutting down or terminated); a record with a live or not-yet-visible instance is kept.
     *
     * @return how many records of the cluster are left
     */
    public static int deleteFinished(Ec2Client ec2, String applianceId, String clusterId, CloudMutations mutations) {
        List<FleetData> fleets = find(ec2, Map.of(ResourceTags.APPLIANCE, applianceId, ResourceTags.CLUSTER, clusterId));
        if (fleets.isEmpty()) {
            return 0;
        }
        Set<String> instanceIds = fleets.stream().flatMap(f -> instanceIds(f).stream()).collect(Collectors.toSet());
        Set<String> gone = instanceIds.isEmpty() ? Set.of() : Ec2Instances.find(ec2, Map.of(), instanceIds).stream()
                .filter(i -> !Ec2Instances.live(i)).map(Instance::instanceId).collect(Collectors.toSet());
        List<String> finished = fleets.stream().filter(f -> gone.containsAll(instanceIds(f))).map(FleetData::fleetId).toList();
        for (int i = 0; i < finished.size(); i += MAX_DELETE) {
            delete(ec2, finished.subList(i, Math.min(finished.size(), i + MAX_DELETE)), mutations);
        }
        return fleets.size() - finished.size();
    }

    /**
     * EC2 requires TerminateInstances=true for instant fleets (their instances are already gone here). moto
     * refuses that for a fleet without a running instance ({@code InvalidParameterCombination}); the record is
     * then deleted without terminating, which is what EC2 does for fleets of the other types.
     */
    private static void delete(Ec2Client ec2, List<String> fleetIds, CloudMutations mutations) {
        DeleteFleetsResponse response;
        try {
            response = ec2.deleteFleets(b -> b.fleetIds(fleetIds).terminateInstances(true));
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() == null || !"InvalidParameterCombination".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            response = ec2.deleteFleets(b -> b.fleetIds(fleetIds).terminateInstances(false));
        }
        List<String> deleted = response.successfulFleetDeletions().stream().map(DeleteFleetSuccessItem::fleetId).toList();
        if (!deleted.isEmpty()) {
            mutations.report("fleet", "delete", null, deleted);
        }
        logUnsuccessful(response.unsuccessfulFleetDeletions());
    }

    private static void logUnsuccessful(List<software.amazon.awssdk.services.ec2.model.DeleteFleetErrorItem> errors) {
        errors.forEach(error -> LOG.info("Fleet {} not deleted yet: {} ({})", error.fleetId(),
                error.error() == null ? null : error.error().codeAsString(),
                error.error() == null ? null : error.error().message()));
    }

    private static List<String> instanceIds(FleetData fleet) {
        return fleet.instances().stream().map(DescribeFleetsInstances::instanceIds).flatMap(List::stream).toList();
    }

    private static boolean deleted(FleetData fleet) {
        String state = fleet.fleetStateAsString();
        return state != null && state.startsWith("deleted");
    }

    private static Map<String, String> tags(FleetData fleet) {
        return fleet.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
    }
}
