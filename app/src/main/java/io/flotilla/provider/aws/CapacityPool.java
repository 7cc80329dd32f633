package io.flotilla.provider.aws;

import io.micronaut.core.annotation.Nullable;

/**
 * One EC2 capacity pool a fleet may launch into: an instance type in a subnet (null: the default VPC).
 */
public record CapacityPool(String instanceType, @Nullable String subnetId) {
    @Override
    public String toString() {
        return instanceType + " in " + (subnetId == null ? "the default subnet" : subnetId);
    }
}
