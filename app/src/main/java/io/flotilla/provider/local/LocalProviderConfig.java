package io.flotilla.provider.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Settings of the {@code local} compute provider ({@code flotilla.local.*}), which runs cluster instances
 * as detached process groups on the appliance's own machine.
 */
@ConfigurationProperties("flotilla.local")
public class LocalProviderConfig {
    /**
     * How long a terminated instance's processes get to exit after SIGTERM before they are sent SIGKILL.
     * Env: FLOTILLA_LOCAL_TERMINATE_GRACE (e.g. {@code 10s}).
     */
    private Duration terminateGrace = Duration.ofSeconds(10);
    /**
     * Address local instances listen on and are reached at (their "private address").
     * Env: FLOTILLA_LOCAL_HOST.
     */
    private String host = "127.0.0.1";
    /**
     * How long the directory of a terminated local instance (its logs) is kept before it is removed, like the
     * log retention of a cloud's log service. Env: FLOTILLA_LOCAL_LOG_RETENTION (e.g. {@code 30d}).
     */
    private Duration logRetention = Duration.ofDays(30);
    /**
     * The account local instances run under when the appliance runs as root (see {@link LocalIsolationPolicy}):
     * unset means {@code flotilla-run}, created at the first start if missing; the appliance's own user name means
     * no isolation. Env: FLOTILLA_LOCAL_RUN_AS.
     */
    @Nullable
    private String runAs;
    /**
     * The uids local clusters get, one per cluster, as {@code FIRST-LAST} (numeric, no passwd entries needed);
     * empty means every cluster runs as the {@link #runAs} user itself. Env: FLOTILLA_LOCAL_RUN_AS_UIDS.
     */
    private String runAsUids = UidRange.DEFAULT;

    public Duration getTerminateGrace() {
        return terminateGrace;
    }

    public void setTerminateGrace(Duration terminateGrace) {
        this.terminateGrace = terminateGrace;
    }

    public Duration getLogRetention() {
        return logRetention;
    }

    public void setLogRetention(Duration logRetention) {
        this.logRetention = logRetention;
    }

    @Nullable
    public String getRunAs() {
        return runAs;
    }

    public void setRunAs(@Nullable String runAs) {
        this.runAs = runAs == null || runAs.isBlank() ? null : runAs.trim();
    }

    public String getRunAsUids() {
        return runAsUids;
    }

    public void setRunAsUids(@Nullable String runAsUids) {
        this.runAsUids = runAsUids == null ? "" : runAsUids.trim();
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }
}
