package io.flotilla.usage;

import io.flotilla.usage.pricing.InstancePrices;
import jakarta.inject.Singleton;

/** Applies the price table to metered instance-seconds; unknown prices count as 0 and say so in the label. */
@Singleton
public class CostEstimator {
    /** Currency of every estimate. */
    public static final String CURRENCY = "USD";
    private final InstancePrices prices;

    public CostEstimator(InstancePrices prices) {
        this.prices = prices;
    }

    /** Estimated US dollars of {@code seconds} of one instance of that type. */
    double cost(String provider, String region, String instanceType, String purchase, double seconds) {
        return prices.hourly(provider, region, instanceType, purchase).orElse(0) * seconds / 3600.0;
    }

    /** The label every estimate is shown with, e.g. "estimate at list price, 2026-11-01". */
    public String label() {
        return prices.label();
    }
}
