package io.flotilla.provider.gcp;

import java.util.Arrays;
import java.util.List;

/**
 * How workers are bought on Compute Engine: the provisioning models tried, in order ({@code SPOT} VMs, or
 * {@code STANDARD} on-demand ones). Schedulers are always {@code STANDARD}.
 */
public enum GceSpotPolicy {
    ON_DEMAND("on-demand", List.of(GceSpotPolicy.STANDARD)),
    SPOT("spot", List.of(GceSpotPolicy.SPOT_MODEL)),
    SPOT_WITH_FALLBACK("spot_with_fallback", List.of(GceSpotPolicy.SPOT_MODEL, GceSpotPolicy.STANDARD));

    /** Compute Engine's provisioning model of on-demand VMs. */
    public static final String STANDARD = "STANDARD";
    /** Compute Engine's provisioning model of Spot VMs. */
    public static final String SPOT_MODEL = "SPOT";

    private final String value;
    private final List<String> provisioningModels;

    GceSpotPolicy(String value, List<String> provisioningModels) {
        this.value = value;
        this.provisioningModels = provisioningModels;
    }

    /** The configuration value, e.g. {@code spot_with_fallback}. */
    public String value() {
        return value;
    }

    /** Provisioning models to try, first to last. */
    public List<String> provisioningModels() {
        return provisioningModels;
    }

    /** The policy named by a configuration value; IllegalArgumentException names the valid ones. */
    public static GceSpotPolicy parse(String value) {
        return Arrays.stream(values()).filter(policy -> policy.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown spot policy '" + value
                        + "'; use on-demand, spot or spot_with_fallback"));
    }
}
