package io.flotilla.usage.samples;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.flotilla.usage.UsagePolicies;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Whether a workspace collects task prefixes ({@code UsagePolicy.collectTaskPrefixes}), remembered for
 * {@link #REMEMBERED} so that heartbeats do not read the policy table each time: a change takes effect within that
 * time on every replica.
 */
@Singleton
public class TaskPrefixSwitch {
    /** How long a workspace's answer is reused. */
    public static final Duration REMEMBERED = Duration.ofSeconds(5);
    private final UsagePolicies policies;
    private final Cache<UUID, Boolean> answers;

    public TaskPrefixSwitch(UsagePolicies policies, Clock clock) {
        this.policies = policies;
        Ticker ticker = () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        this.answers = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(REMEMBERED).maximumSize(100_000).build();
    }

    /** Whether the workspace's scheduler plugins send task prefixes. */
    public boolean collects(UUID workspaceId) {
        return answers.get(workspaceId, id -> policies.of(id).collectTaskPrefixes());
    }
}
