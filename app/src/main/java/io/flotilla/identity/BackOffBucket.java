package io.flotilla.identity;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

import java.time.Duration;
import java.util.Optional;

/**
 * The sign-in allowance of one username or one client address: a Bucket4j bucket that holds one
 * token per password check allowed. It starts with {@code allowance} tokens that come back over
 * {@code forgetAfter}; each time it runs dry the bucket is reconfigured to give one token after the
 * next back-off, which doubles each time up to {@code maxBackOff}.
 */
final class BackOffBucket {
    private final Bucket bucket;
    private final Duration initialBackOff;
    private final Duration maxBackOff;
    private int lockOuts;

    BackOffBucket(int allowance, Duration forgetAfter, Duration initialBackOff, Duration maxBackOff, TimeMeter time) {
        this.initialBackOff = initialBackOff;
        this.maxBackOff = maxBackOff;
        this.bucket = Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit -> limit.capacity(allowance).refillGreedy(allowance, forgetAfter)).build();
    }

    /** Takes the token for one password check; empty if taken, else how long until one is available. */
    synchronized Optional<Duration> take() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Gives back the token of a check that did not fail (a right password). */
    synchronized void giveBack() {
        bucket.addTokens(1);
    }

    /** After a failed check: the lock-out it starts, if it used the last token. */
    synchronized Optional<Duration> failed() {
        if (bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        lockOuts++;
        Duration backOff = backOff(lockOuts);
        bucket.replaceConfiguration(BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, backOff)).build(), TokensInheritanceStrategy.AS_IS);
        return Optional.of(backOff);
    }

    private Duration backOff(int lockOut) {
        Duration backOff = initialBackOff;
        for (int i = 1; i < lockOut && backOff.compareTo(maxBackOff) < 0; i++) {
            backOff = backOff.multipliedBy(2);
        }
        return backOff.compareTo(maxBackOff) > 0 ? maxBackOff : backOff;
    }
}
