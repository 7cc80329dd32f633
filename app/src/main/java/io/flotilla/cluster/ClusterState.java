package io.flotilla.cluster;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/**
 * The public state of a cluster, derived from its (status, target) pair by the one table below.
 * <pre>
 *   status \ target   RUNNING    STOPPED
 *   PENDING           pending    stopping
 *   STARTING          starting   stopping
 *   RUNNING           running    stopping
 *   STOPPING          stopping   stopping
 *   STOPPED           stopped    stopped
 *   FAILED            failed     failed
 * </pre>
 */
@Serdeable
public enum ClusterState {
    PENDING, STARTING, RUNNING, STOPPING, STOPPED, FAILED;

    public static ClusterState of(ClusterStatus status, ClusterTarget target) {
        if (status == ClusterStatus.STOPPED) {
            return STOPPED;
        }
        if (status == ClusterStatus.FAILED) {
            return FAILED;
        }
        if (target == ClusterTarget.STOPPED || status == ClusterStatus.STOPPING) {
            return STOPPING;
        }
        return switch (status) {
            case PENDING -> PENDING;
            case STARTING -> STARTING;
            default -> RUNNING;
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case API spelling; null for anything else. */
    public static ClusterState parse(String value) {
        for (ClusterState state : values()) {
            if (state.id().equals(value)) {
                return state;
            }
        }
        return null;
    }
}
