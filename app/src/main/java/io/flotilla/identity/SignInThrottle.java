package io.flotilla.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.flotilla.error.ServiceException;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Exponential back-off of password sign-in per username and per client address ({@link SignInSettings}),
 * with one {@link BackOffBucket} per key in two size-bounded Caffeine caches, so that an attacker who
 * rotates usernames or addresses cannot grow memory without limit. Time comes from the appliance's
 * {@link Clock}, so tests move it instead of sleeping.
 */
@Singleton
public class SignInThrottle {
    private final SignInSettings settings;
    private final TimeMeter time;
    private final Cache<String, BackOffBucket> users;
    private final Cache<String, BackOffBucket> addresses;

    public SignInThrottle(SignInSettings settings, Clock clock) {
        this.settings = settings;
        this.time = new ClockTimeMeter(clock);
        Duration idle = settings.getForgetAfter().plus(settings.getMaxBackOff());
        this.users = Caffeine.newBuilder().maximumSize(settings.getMaxTracked()).expireAfterAccess(idle)
                .ticker((Ticker) time::currentTimeNanos).build();
        this.addresses = Caffeine.newBuilder().maximumSize(settings.getMaxTracked()).expireAfterAccess(idle)
                .ticker((Ticker) time::currentTimeNanos).build();
    }

    /** A lock-out that a failed sign-in started: of a username or of a client address. */
    public record LockOut(String kind, String key, Duration backOff, int allowance) {
    }

    /** One password check that the throttle let through; report how it ended. */
    public final class Attempt {
        private final String user;
        private final String address;

        private Attempt(String user, String address) {
            this.user = user;
            this.address = address;
        }

        /** The password was right: the username's failures are forgotten, the address keeps its allowance. */
        public void succeeded() {
            users.invalidate(user);
            addressBucket(address).giveBack();
        }

        /** The password was wrong: the lock-outs this failure starts (none while allowance is left). */
        public List<LockOut> failed() {
            List<LockOut> started = new ArrayList<>();
            userBucket(user).failed().ifPresent(d -> started.add(new LockOut("user", user, d, settings.getAttemptsPerUser())));
            addressBucket(address).failed().ifPresent(d -> started.add(new LockOut("address", address, d, settings.getAttemptsPerAddress())));
            return started;
        }
    }

    /**
     * Lets one password check through, or refuses it with {@code 429 sign_in_throttled} and the seconds
     * to wait while the username or the address is locked out.
     */
    public Attempt begin(String username, String clientAddress) {
        String user = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        String address = clientAddress == null || clientAddress.isBlank() ? "unknown" : clientAddress;
        Optional<Duration> userWait = userBucket(user).take();
        if (userWait.isPresent()) {
            throw throttled(userWait.get());
        }
        Optional<Duration> addressWait = addressBucket(address).take();
        if (addressWait.isPresent()) {
            userBucket(user).giveBack();
            throw throttled(addressWait.get());
        }
        return new Attempt(user, address);
    }

    private BackOffBucket userBucket(String user) {
        return users.get(user, k -> newBucket(settings.getAttemptsPerUser()));
    }

    private BackOffBucket addressBucket(String address) {
        return addresses.get(address, k -> newBucket(settings.getAttemptsPerAddress()));
    }

    private BackOffBucket newBucket(int allowance) {
        return new BackOffBucket(allowance, settings.getForgetAfter(), settings.getInitialBackOff(), settings.getMaxBackOff(), time);
    }

    private static ServiceException throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ServiceException(ServiceException.Kind.LIMIT_EXCEEDED, "sign_in_throttled",
                "Too many failed sign-ins for this user or from this address. Try again in " + seconds
                        + (seconds == 1 ? " second." : " seconds."),
                Map.of(ServiceException.RETRY_AFTER_SECONDS, seconds));
    }

    /** Bucket4j's time source, read from the appliance clock. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
