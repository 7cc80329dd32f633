package io.flotilla.usage.pricing;

import java.util.OptionalDouble;

/**
 * Hourly list prices of instances, for cost estimates. Never a bill: every figure derived from it is shown with
 * {@link #label()}.
 */
public interface InstancePrices {
    /**
     * US dollars per hour of one instance, if known.
     *
     * @param provider     {@code local}, {@code aws}, {@code gcp}
     * @param region       e.g. {@code eu-west-1}; {@code local} on this machine
     * @param instanceType e.g. {@code m6i.large}; {@code local} on this machine
     * @param purchase     {@code on-demand}, {@code spot} or {@code local}
     */
    OptionalDouble hourly(String provider, String region, String instanceType, String purchase);

    /** How estimates are labelled, e.g. {@code estimate at list price, 2026-11-01} (the price data's date). */
    String label();
}
