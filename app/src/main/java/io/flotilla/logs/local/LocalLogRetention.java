package io.flotilla.logs.local;

import io.flotilla.provider.local.LocalComputeProvider;
import io.flotilla.provider.local.LocalProviderConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Every hour, removes the directories (logs, key files) and registry entries of local instances terminated
 * longer ago than {@code flotilla.local.log-retention}, so that a long-running appliance does not keep every
 * instance it ever started. Their cluster's logs are then empty, as in a cloud log service past its retention.
 */
@Singleton
@Requires(beans = LocalComputeProvider.class)
public class LocalLogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLogRetention.class);
    private final LocalComputeProvider provider;
    private final LocalProviderConfig config;
    private final Clock clock;

    public LocalLogRetention(LocalComputeProvider provider, LocalProviderConfig config, Clock clock) {
        this.provider = provider;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void removeExpired() {
        try {
            List<String> removed = provider.removeEndedBefore(clock.instant().minus(config.getLogRetention()));
            if (!removed.isEmpty()) {
                LOG.info("Removed {} local instance(s) terminated more than {} ago, with their logs: {}",
                        removed.size(), config.getLogRetention(), removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove expired local instances, will try again: {}", e.getMessage());
        }
    }
}
