package io.flotilla.cluster;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * It also owns which states are active (wanted up: pending, starting, running) and finished (stopped,
 * failed: nothing runs any more); stopping is neither. REST, console, CLI and client filter with these.
 */
@Serdeable
@Schema(type = "string", allowableValues = {"pending", "starting", "running", "stopping", "stopped", "failed"})
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

    /** A row's (status, target) pair, as the repository's state filter takes it. */
    public record Row(ClusterStatus status, ClusterTarget target) {
        /** {@code STATUS:TARGET}, the key the repository's list query matches. */
        public String key() {
            return status.name() + ":" + target.name();
        }
    }

    /** Wanted up and not told to stop: pending, starting or running. */
    public boolean isActive() {
        return this == PENDING || this == STARTING || this == RUNNING;
    }

    /** Over for good: stopped or failed (a stopping cluster is neither active nor finished). */
    public boolean isFinished() {
        return this == STOPPED || this == FAILED;
    }

    /** Every (status, target) pair the table above maps to this state. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (ClusterStatus status : ClusterStatus.values()) {
            for (ClusterTarget target : ClusterTarget.values()) {
                if (of(status, target) == this) {
                    rows.add(new Row(status, target));
                }
            }
        }
        return rows;
    }

    /** The row keys ({@link Row#key()}) of any of these states, for the repository's list query. */
    public static List<String> rowKeys(Collection<ClusterState> states) {
        return states.stream().flatMap(state -> state.rows().stream()).map(Row::key).toList();
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
