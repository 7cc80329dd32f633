package io.flotilla.provider.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.List;

/**
 * Test-only: with {@code flotilla.test.capacity-faults} (instance types, comma-separated) the appliance's AWS
 * clients answer fleet requests for those types as EC2 does when it has no capacity there.
 */
@Factory
@Requires(property = "flotilla.test.capacity-faults")
class CapacityFaultsFactory {
    @Singleton
    @Bean(typed = {ExecutionInterceptor.class, CapacityFaults.class})
    CapacityFaults capacityFaults(@Property(name = "flotilla.test.capacity-faults") List<String> failingTypes) {
        CapacityFaults faults = new CapacityFaults("InsufficientInstanceCapacity");
        faults.fail(failingTypes.toArray(String[]::new));
        return faults;
    }
}
