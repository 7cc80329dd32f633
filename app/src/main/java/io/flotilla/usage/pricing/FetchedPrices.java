package io.flotilla.usage.pricing;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The prices fetched from providers' price lists (table {@code instance_prices}), shared by all replicas. */
@Singleton
public class FetchedPrices {
    private final JdbcOperations jdbc;

    public FetchedPrices(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores (or replaces) one region's prices of a provider. */
    @Transactional
    public void store(String provider, String region, Map<String, Double> byType, Instant fetchedAt) {
        jdbc.prepareStatement("INSERT INTO instance_prices (provider, region, instance_type, usd_per_hour, fetched_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, region, instance_type)"
                + " DO UPDATE SET usd_per_hour = EXCLUDED.usd_per_hour, fetched_at = EXCLUDED.fetched_at", st -> {
            for (Map.Entry<String, Double> price : byType.entrySet()) {
                st.setString(1, provider);
                st.setString(2, region);
                st.setString(3, price.getKey());
                st.setDouble(4, price.getValue());
                st.setTimestamp(5, Timestamp.from(fetchedAt));
                st.addBatch();
            }
            return st.executeBatch();
        });
    }

    /** Every fetched price, and the day of the newest fetch. */
    @Transactional(readOnly = true)
    public Snapshot all() {
        return jdbc.prepareStatement("SELECT provider, region, instance_type, usd_per_hour, fetched_at FROM instance_prices",
                st -> {
                    Map<String, Map<String, Map<String, Double>>> prices = new HashMap<>();
                    Instant newest = null;
                    try (var rows = st.executeQuery()) {
                        while (rows.next()) {
                            prices.computeIfAbsent(rows.getString(1), p -> new HashMap<>())
                                    .computeIfAbsent(rows.getString(2), r -> new HashMap<>())
                                    .put(rows.getString(3), rows.getDouble(4));
                            Instant at = rows.getTimestamp(5).toInstant();
                            newest = newest == null || at.isAfter(newest) ? at : newest;
                        }
                    }
                    return new Snapshot(prices, newest);
                });
    }

    /**
     * @param prices provider → region → type → dollars per hour
     * @param newest when the newest of them was fetched, null when none was
     */
    public record Snapshot(Map<String, Map<String, Map<String, Double>>> prices, Instant newest) {
    }
}
