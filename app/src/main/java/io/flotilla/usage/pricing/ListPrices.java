package io.flotilla.usage.pricing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.flotilla.provider.InstanceShape;
import io.flotilla.provider.aws.Ec2SpotPrices;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The appliance's prices: on-demand list prices from the price list refreshed into the database
 * ({@link PriceListRefreshJob}), else from the table shipped in the jar; AWS spot prices from EC2's current spot
 * price history (cached per region and type); {@code local} instances cost nothing. A spot instance whose spot price
 * is not known (GCP, or EC2's history unreadable) is estimated at its on-demand list price, an upper bound; types the
 * tables lack have no price.
 */
@Singleton
public class ListPrices implements InstancePrices {
    private static final Logger LOG = LoggerFactory.getLogger(ListPrices.class);
    private static final String AWS = "aws";
    private static final String LOCAL = InstanceShape.LOCAL_TYPE;

    private final PriceTable shipped;
    private final LoadingCache<String, FetchedPrices.Snapshot> fetched;
    private final LoadingCache<String, OptionalDouble> spot;
    private final AtomicBoolean spotFailureLogged = new AtomicBoolean();

    public ListPrices(JsonMapper json, FetchedPrices store, Ec2SpotPrices spotPrices, PricingConfig config) {
        this.shipped = ShippedPrices.load(json);
        this.fetched = Caffeine.newBuilder().expireAfterWrite(config.getReloadInterval()).build(key -> store.all());
        this.spot = Caffeine.newBuilder().expireAfterWrite(config.getSpotCacheTtl()).maximumSize(10_000)
                .build(key -> spotPrice(spotPrices, key));
    }

    @Override
    public OptionalDouble hourly(String provider, String region, String instanceType, String purchase) {
        if (LOCAL.equals(provider)) {
            return OptionalDouble.of(0);
        }
        if (InstanceShape.SPOT.equals(purchase) && AWS.equals(provider)) {
            OptionalDouble current = spot.get(region + "/" + instanceType);
            if (current.isPresent()) {
                return current;
            }
        }
        // on-demand, or a spot instance whose spot price is unknown: its on-demand list price, an upper bound
        Double refreshed = fetched.get("all").prices().getOrDefault(provider, java.util.Map.of())
                .getOrDefault(region, java.util.Map.of()).get(instanceType);
        return refreshed != null ? OptionalDouble.of(refreshed) : shipped.onDemand(provider, region, instanceType);
    }

    /** "estimate at list price, " and the day of the newest prices (refreshed or shipped); local instances cost 0. */
    @Override
    public String label() {
        var newest = fetched.get("all").newest();
        String date = newest == null ? shipped.date() : newest.atZone(ZoneOffset.UTC).toLocalDate().toString();
        return "estimate at list price, " + date;
    }

    /** Forgets the refreshed prices read so far (after a refresh on this replica). */
    void reload() {
        fetched.invalidateAll();
    }

    private OptionalDouble spotPrice(Ec2SpotPrices prices, String key) {
        int slash = key.indexOf('/');
        try {
            return prices.current(key.substring(0, slash), key.substring(slash + 1));
        } catch (RuntimeException e) {
            if (spotFailureLogged.compareAndSet(false, true)) {
                LOG.warn("EC2 spot prices cannot be read ({}); spot instances have no cost estimate until they can",
                        e.getMessage());
            }
            return OptionalDouble.empty();
        }
    }
}
