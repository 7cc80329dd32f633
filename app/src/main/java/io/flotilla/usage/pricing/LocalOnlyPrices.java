package io.flotilla.usage.pricing;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.OptionalDouble;

/**
 * The prices known without any price data: instances on this machine cost nothing. Used only when no other
 * {@link InstancePrices} bean exists (it is {@link Secondary}); cloud instances then have no estimate.
 */
@Singleton
@Secondary
public class LocalOnlyPrices implements InstancePrices {
    @Override
    public OptionalDouble hourly(String provider, String region, String instanceType, String purchase) {
        return "local".equals(provider) ? OptionalDouble.of(0) : OptionalDouble.empty();
    }

    @Override
    public String label() {
        return "estimate at list price, no price data (instances on this machine cost nothing)";
    }
}
