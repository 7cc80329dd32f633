package io.flotilla.usage.pricing;

import io.flotilla.provider.aws.AwsClients;
import io.flotilla.tasks.PeriodicJob;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refreshes the AWS on-demand prices of the regions the shipped table knows from the AWS Price List API, into
 * {@code instance_prices} for every replica. When the API cannot be reached (no credentials, no network, no
 * permission) the previous prices stay; that is logged once, and again when it works.
 */
@Singleton
@Requires(property = "flotilla.usage.pricing.refresh-enabled", notEquals = "false")
public class PriceListRefreshJob implements PeriodicJob {
    private static final Logger LOG = LoggerFactory.getLogger(PriceListRefreshJob.class);
    /** The Price List API is served from us-east-1 (and two other regions) for every region's prices. */
    static final Region PRICE_LIST_REGION = Region.US_EAST_1;

    private final PricingConfig config;
    private final FetchedPrices store;
    private final ListPrices prices;
    private final Clock clock;
    private final PricingClient client;
    private final AwsPriceList priceList;
    private final java.util.Set<String> regions;
    private final AtomicBoolean failing = new AtomicBoolean();

    public PriceListRefreshJob(PricingConfig config, FetchedPrices store, ListPrices prices, AwsClients clients,
                               JsonMapper json, Clock clock) {
        this.config = config;
        this.store = store;
        this.prices = prices;
        this.clock = clock;
        var builder = PricingClient.builder().region(PRICE_LIST_REGION).credentialsProvider(clients.defaultCredentials());
        URI endpoint = config.getAwsEndpoint() != null ? config.getAwsEndpoint() : clients.endpointOverride();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.client = builder.build();
        this.priceList = new AwsPriceList(client, json);
        this.regions = ShippedPrices.load(json).prices().getOrDefault("aws", Map.of()).keySet();
    }

    @Override
    public String name() {
        return "usage-aws-price-list-refresh";
    }

    @Override
    public Duration interval() {
        return config.getRefreshInterval();
    }

    @Override
    public void run() {
        try {
            for (String region : regions) {
                Map<String, Double> byType = priceList.onDemand(region);
                if (!byType.isEmpty()) {
                    store.store("aws", region, byType, clock.instant());
                }
            }
            prices.reload();
            if (failing.compareAndSet(true, false)) {
                LOG.info("AWS on-demand prices are refreshed from the AWS Price List API again");
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("The AWS Price List API cannot be reached ({}); cost estimates keep the prices of {}, and it"
                        + " is tried again every {}", e.getMessage(), prices.label(), config.getRefreshInterval());
            } else {
                LOG.debug("The AWS Price List API still cannot be reached", e);
            }
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
