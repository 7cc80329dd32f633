package io.flotilla.environment;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Settings of the build engine ({@code flotilla.environments.*}). */
@ConfigurationProperties("flotilla.environments")
public class BuildSettings {
    /** Builds one appliance runs at once. Env: FLOTILLA_ENVIRONMENTS_MAX_CONCURRENT_BUILDS. */
    private int maxConcurrentBuilds = 2;
    /** A build whose replica has not renewed its heartbeat for this long is taken over (its appliance died). */
    private Duration staleAfter = Duration.ofMinutes(2);
    /** Attempts of one build (the first and its resumptions after a crash) before it fails. */
    private int maxAttempts = 3;
    /** Python version of a spec that names none. Env: FLOTILLA_ENVIRONMENTS_DEFAULT_PYTHON. */
    private String defaultPython = "3.11";

    public int getMaxConcurrentBuilds() {
        return maxConcurrentBuilds;
    }

    public void setMaxConcurrentBuilds(int maxConcurrentBuilds) {
        this.maxConcurrentBuilds = Math.max(1, maxConcurrentBuilds);
    }

    public Duration getStaleAfter() {
        return staleAfter;
    }

    public void setStaleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    public String getDefaultPython() {
        return defaultPython;
    }

    public void setDefaultPython(String defaultPython) {
        this.defaultPython = defaultPython;
    }
}
