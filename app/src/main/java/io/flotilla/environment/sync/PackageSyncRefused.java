package io.flotilla.environment.sync;

import java.util.List;
import java.util.stream.Collectors;

/** Package sync met the request's failOn: nothing was recorded; the message names the offending packages. */
public class PackageSyncRefused extends RuntimeException {
    private final transient Classification classification;
    private final transient List<SyncIssue> refusing;
    private final FailOn failOn;

    public PackageSyncRefused(Classification classification, List<SyncIssue> refusing, FailOn failOn) {
        super("Package sync refused (fail on " + failOn.wire() + "): "
                + refusing.stream().map(SyncIssue::sentence).collect(Collectors.joining(" ")));
        this.classification = classification;
        this.refusing = List.copyOf(refusing);
        this.failOn = failOn;
    }

    public Classification classification() {
        return classification;
    }

    public List<SyncIssue> refusing() {
        return refusing;
    }

    public FailOn failOn() {
        return failOn;
    }
}
