package io.flotilla.usage.pricing;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * On-demand list prices of one date: US dollars per instance-hour by provider, region and instance type. The jar
 * ships one ({@code pricing/list-prices.json}, see {@link ShippedPrices}); a provider's price list replaces entries.
 *
 * @param date   the day the prices were read (ISO date), shown in every estimate's label
 * @param source where they come from and which variant (operating system, tenancy) they are
 * @param prices provider → region → instance type → dollars per hour
 */
@Serdeable
public record PriceTable(String date, String currency, String source,
                         Map<String, Map<String, Map<String, Double>>> prices) {
    public PriceTable {
        if (!"USD".equals(currency)) {
            throw new IllegalArgumentException("prices are in US dollars, not " + currency);
        }
        prices = Map.copyOf(prices);
    }

    /** The hourly on-demand price, if the table has the type in the region. */
    public OptionalDouble onDemand(String provider, String region, String instanceType) {
        Double price = prices.getOrDefault(provider, Map.of()).getOrDefault(region, Map.of()).get(instanceType);
        return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
    }
}
