package io.flotilla.provider.aws;

import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;

import java.util.Arrays;
import java.util.List;

/** How workers are bought: the purchase options tried, in order. Schedulers are always on-demand. */
public enum SpotPolicy {
    ON_DEMAND("on-demand", List.of(DefaultTargetCapacityType.ON_DEMAND)),
    SPOT("spot", List.of(DefaultTargetCapacityType.SPOT)),
    SPOT_WITH_FALLBACK("spot_with_fallback", List.of(DefaultTargetCapacityType.SPOT, DefaultTargetCapacityType.ON_DEMAND));

    private final String value;
    private final List<DefaultTargetCapacityType> purchaseOptions;

    SpotPolicy(String value, List<DefaultTargetCapacityType> purchaseOptions) {
        this.value = value;
        this.purchaseOptions = purchaseOptions;
    }

    /** The configuration value, e.g. {@code spot_with_fallback}. */
    public String value() {
        return value;
    }

    /** Purchase options to try, first to last. */
    public List<DefaultTargetCapacityType> purchaseOptions() {
        return purchaseOptions;
    }

    /** The policy named by a configuration value; IllegalArgumentException names the valid ones. */
    public static SpotPolicy parse(String value) {
        return Arrays.stream(values()).filter(policy -> policy.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown spot policy '" + value
                        + "'; use on-demand, spot or spot_with_fallback"));
    }
}
