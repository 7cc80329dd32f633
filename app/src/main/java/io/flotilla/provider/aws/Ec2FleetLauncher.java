package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts one instance with {@code CreateFleet} (type instant) over several capacity pools. Purchase options
 * are tried in order (e.g. spot, then on-demand); within one, a fleet that reports errors and no instance
 * is asked again without the pools that failed. Each call carries a ClientToken derived from the launch's
 * idempotency key and the attempt number, so a repeated launch repeats the same calls and EC2 answers them
 * with the instances already started. When every pool of every option failed, the error names them all. Each
 * fleet EC2 made is reported (with the instance it started, if any).
 */
public class Ec2FleetLauncher {
    /** Whole-request errors that mean "no capacity here" rather than a broken request. */
    static final Set<String> CAPACITY_ERRORS = Set.of("InsufficientInstanceCapacity", "InsufficientCapacity",
            "InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded", "SpotMaxPriceTooLow",
            "Unsupported", "InsufficientFreeAddressesInSubnet");
    private static final int MAX_CLIENT_TOKEN = 64;

    /** The started instance and where it runs. */
    public record Started(String instanceId, CapacityPool pool, DefaultTargetCapacityType purchaseOption) {
    }

    /**
     * Launches into the first pool that has capacity.
     *
     * @throws ServiceException UNAVAILABLE {@code capacity_unavailable} when every pool failed
     */
    public Started launch(Ec2Client ec2, Ec2LaunchTemplates.Version template, List<CapacityPool> pools,
                          List<DefaultTargetCapacityType> purchaseOptions, String idempotencyKey,
                          Map<String, String> fleetTags, CloudMutations mutations) {
        Map<String, String> failures = new LinkedHashMap<>();
        int attempt = 0;
        for (DefaultTargetCapacityType option : purchaseOptions) {
            List<CapacityPool> remaining = new ArrayList<>(pools);
            while (!remaining.isEmpty()) {
                String token = clientToken(idempotencyKey, attempt++);
                Map<CapacityPool, String> failed = new LinkedHashMap<>();
                try {
                    CreateFleetResponse response = ec2.createFleet(b -> b.type(FleetType.INSTANT).clientToken(token)
                            .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType(option))
                            .spotOptions(s -> s.allocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED))
                            .onDemandOptions(o -> o.allocationStrategy(FleetOnDemandAllocationStrategy.LOWEST_PRICE))
                            .launchTemplateConfigs(config(template, remaining))
                            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.FLEET)
                                    .tags(Ec2LaunchTemplates.tags(fleetTags)).build()));
                    reportFleet(response, option, mutations);
                    for (CreateFleetInstance instance : response.instances()) {
                        if (!instance.instanceIds().isEmpty()) {
                            return new Started(instance.instanceIds().get(0), poolOf(instance.launchTemplateAndOverrides() == null
                                    ? null : instance.launchTemplateAndOverrides().overrides(), remaining), option);
                        }
                    }
                    for (CreateFleetError error : response.errors()) {
                        CapacityPool pool = error.launchTemplateAndOverrides() == null ? null
                                : poolOf(error.launchTemplateAndOverrides().overrides(), remaining);
                        if (pool != null && remaining.contains(pool)) {
                            failed.putIfAbsent(pool, error.errorCode() + " (" + error.errorMessage() + ")");
                        }
                    }
                    if (failed.isEmpty()) {
                        String why = response.errors().isEmpty() ? "no instance and no error"
                                : response.errors().get(0).errorCode() + " (" + response.errors().get(0).errorMessage() + ")";
                        remaining.forEach(pool -> failed.put(pool, why));
                    }
                } catch (Ec2Exception e) {
                    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                    if (code == null || !CAPACITY_ERRORS.contains(code)) {
                        throw e;
                    }
                    remaining.forEach(pool -> failed.put(pool, code + " (" + e.awsErrorDetails().errorMessage() + ")"));
                }
                failed.forEach((pool, why) -> failures.put(purchase(option) + " " + pool, why));
                remaining.removeAll(failed.keySet());
            }
        }
        throw capacityUnavailable(failures);
    }

    private static void reportFleet(CreateFleetResponse response, DefaultTargetCapacityType option, CloudMutations mutations) {
        if (response.fleetId() == null) {
            return;
        }
        List<String> ids = new ArrayList<>(List.of(response.fleetId()));
        response.instances().forEach(instance -> ids.addAll(instance.instanceIds()));
        mutations.report("fleet", "create", "instant, " + purchase(option) + (ids.size() > 1 ? ", started "
                + String.join(",", ids.subList(1, ids.size())) : ", no instance: " + (response.errors().isEmpty() ? "no error"
                : response.errors().get(0).errorCode())), ids);
    }

    private static FleetLaunchTemplateConfigRequest config(Ec2LaunchTemplates.Version template, List<CapacityPool> pools) {
        return FleetLaunchTemplateConfigRequest.builder()
                .launchTemplateSpecification(s -> s.launchTemplateId(template.templateId()).version(template.version()))
                .overrides(pools.stream().map(pool -> FleetLaunchTemplateOverridesRequest.builder()
                        .instanceType(pool.instanceType()).subnetId(pool.subnetId()).build()).toList())
                .build();
    }

    private static CapacityPool poolOf(FleetLaunchTemplateOverrides overrides, List<CapacityPool> remaining) {
        if (overrides == null) {
            return remaining.size() == 1 ? remaining.get(0) : null;
        }
        return remaining.stream().filter(pool -> pool.instanceType().equals(overrides.instanceTypeAsString())
                        && (pool.subnetId() == null || pool.subnetId().equals(overrides.subnetId())))
                .findFirst().orElse(new CapacityPool(overrides.instanceTypeAsString(), overrides.subnetId()));
    }

    private static String purchase(DefaultTargetCapacityType option) {
        return option == DefaultTargetCapacityType.SPOT ? "spot" : "on-demand";
    }

    private static ServiceException capacityUnavailable(Map<String, String> failures) {
        StringBuilder message = new StringBuilder("No capacity for the instance in any pool:");
        failures.forEach((pool, why) -> message.append(' ').append(pool).append(": ").append(why).append(';'));
        message.setLength(message.length() - 1);
        message.append('.');
        return new ServiceException(ServiceException.Kind.UNAVAILABLE, "capacity_unavailable", message.toString(),
                Map.of("pools", Map.copyOf(failures)));
    }

    /** EC2 allows 64 ASCII characters: the key itself when it fits, else a digest of it, plus the attempt. */
    static String clientToken(String idempotencyKey, int attempt) {
        String suffix = "-" + attempt;
        String base = idempotencyKey.length() + suffix.length() <= MAX_CLIENT_TOKEN
                && idempotencyKey.chars().allMatch(c -> c > 32 && c < 127) ? idempotencyKey : sha256(idempotencyKey).substring(0, 48);
        return base + suffix;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
