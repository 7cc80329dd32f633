package io.flotilla.usage;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.UUID;

/** Reads a workspace's usage policy (its defaults when it has none); {@code LimitsService} changes it. */
@Singleton
public class UsagePolicies {
    private final UsagePolicyRepository policies;
    private final Clock clock;

    public UsagePolicies(UsagePolicyRepository policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** The workspace's policy, or the defaults when it never set one. */
    @Transactional(readOnly = true)
    public UsagePolicy of(UUID workspaceId) {
        return policies.findById(workspaceId).orElseGet(() -> UsagePolicy.defaults(workspaceId, clock.instant()));
    }
}
