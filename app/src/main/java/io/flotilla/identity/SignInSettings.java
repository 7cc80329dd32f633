package io.flotilla.identity;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Throttling of password sign-in ({@code flotilla.auth.sign-in.*}). Failed sign-ins are counted per
 * username and per client address (the TCP peer: put a proxy in front and every user shares its
 * address). Past the allowance each further failure doubles the wait, from the initial to the
 * maximum back-off; a successful sign-in clears the username's count. API tokens are not throttled.
 */
@ConfigurationProperties("flotilla.auth.sign-in")
public class SignInSettings {
    /** Failed sign-ins for one username before it must wait. Env: FLOTILLA_AUTH_SIGN_IN_ATTEMPTS_PER_USER. */
    private int attemptsPerUser = 10;
    /** Failed sign-ins from one client address, whatever the username, before it must wait. Env: FLOTILLA_AUTH_SIGN_IN_ATTEMPTS_PER_ADDRESS. */
    private int attemptsPerAddress = 50;
    /** The first wait once the allowance is used up; it doubles with each further failure. Env: FLOTILLA_AUTH_SIGN_IN_INITIAL_BACK_OFF. */
    private Duration initialBackOff = Duration.ofSeconds(5);
    /** The longest wait. Env: FLOTILLA_AUTH_SIGN_IN_MAX_BACK_OFF. */
    private Duration maxBackOff = Duration.ofMinutes(15);
    /** Time over which failures below the allowance are forgotten; idle records are dropped after it. Env: FLOTILLA_AUTH_SIGN_IN_FORGET_AFTER. */
    private Duration forgetAfter = Duration.ofHours(24);
    /** How many usernames, and separately addresses, are remembered at most (bounds memory). Env: FLOTILLA_AUTH_SIGN_IN_MAX_TRACKED. */
    private int maxTracked = 10_000;

    public int getAttemptsPerUser() {
        return attemptsPerUser;
    }

    public void setAttemptsPerUser(int attemptsPerUser) {
        this.attemptsPerUser = requirePositive("attempts-per-user", attemptsPerUser);
    }

    public int getAttemptsPerAddress() {
        return attemptsPerAddress;
    }

    public void setAttemptsPerAddress(int attemptsPerAddress) {
        this.attemptsPerAddress = requirePositive("attempts-per-address", attemptsPerAddress);
    }

    public Duration getInitialBackOff() {
        return initialBackOff;
    }

    public void setInitialBackOff(Duration initialBackOff) {
        this.initialBackOff = requirePositive("initial-back-off", initialBackOff);
    }

    public Duration getMaxBackOff() {
        return maxBackOff;
    }

    public void setMaxBackOff(Duration maxBackOff) {
        this.maxBackOff = requirePositive("max-back-off", maxBackOff);
    }

    public Duration getForgetAfter() {
        return forgetAfter;
    }

    public void setForgetAfter(Duration forgetAfter) {
        this.forgetAfter = requirePositive("forget-after", forgetAfter);
    }

    public int getMaxTracked() {
        return maxTracked;
    }

    public void setMaxTracked(int maxTracked) {
        this.maxTracked = requirePositive("max-tracked", maxTracked);
    }

    private static int requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("flotilla.auth.sign-in." + key + " must be at least 1, not " + value);
        }
        return value;
    }

    private static Duration requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("flotilla.auth.sign-in." + key + " must be a positive duration, not " + value);
        }
        return value;
    }
}
