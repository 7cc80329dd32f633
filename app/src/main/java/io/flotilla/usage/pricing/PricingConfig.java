package io.flotilla.usage.pricing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;

/** Settings of cost estimates ({@code flotilla.usage.pricing.*}). */
@ConfigurationProperties("flotilla.usage.pricing")
public class PricingConfig {
    /**
     * Whether on-demand prices are refreshed from the AWS Price List API (needs {@code pricing:GetProducts}; when it
     * cannot be reached the shipped prices stay, and this is logged once). Env: FLOTILLA_USAGE_PRICING_REFRESH_ENABLED.
     */
    private boolean refreshEnabled = true;
    /** How often the prices are refreshed. Env: FLOTILLA_USAGE_PRICING_REFRESH_INTERVAL. */
    private Duration refreshInterval = Duration.ofDays(1);
    /**
     * Endpoint of the AWS Price List API instead of AWS's (tests); unset: the AWS endpoint override of the provider
     * if any, else AWS's own. Env: FLOTILLA_USAGE_PRICING_AWS_ENDPOINT.
     */
    @Nullable
    private URI awsEndpoint;
    /** How long a spot price read from EC2 is used. Env: FLOTILLA_USAGE_PRICING_SPOT_CACHE_TTL. */
    private Duration spotCacheTtl = Duration.ofHours(1);
    /** How often each replica rereads the refreshed prices from the database. Env: FLOTILLA_USAGE_PRICING_RELOAD_INTERVAL. */
    private Duration reloadInterval = Duration.ofMinutes(10);

    public boolean isRefreshEnabled() {
        return refreshEnabled;
    }

    public void setRefreshEnabled(boolean refreshEnabled) {
        this.refreshEnabled = refreshEnabled;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        if (refreshInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("flotilla.usage.pricing.refresh-interval must be at least a minute");
        }
        this.refreshInterval = refreshInterval;
    }

    @Nullable
    public URI getAwsEndpoint() {
        return awsEndpoint;
    }

    public void setAwsEndpoint(@Nullable URI awsEndpoint) {
        this.awsEndpoint = awsEndpoint;
    }

    public Duration getSpotCacheTtl() {
        return spotCacheTtl;
    }

    public void setSpotCacheTtl(Duration spotCacheTtl) {
        this.spotCacheTtl = spotCacheTtl;
    }

    public Duration getReloadInterval() {
        return reloadInterval;
    }

    public void setReloadInterval(Duration reloadInterval) {
        this.reloadInterval = reloadInterval;
    }
}
