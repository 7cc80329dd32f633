package io.flotilla.environment;

/** Where a build is: queued → building → ready | failed (with a reason). */
public enum BuildState {
    QUEUED, BUILDING, READY, FAILED;

    /** The lower-case name the API and the client show. */
    public String id() {
        return name().toLowerCase();
    }

    public boolean isFinished() {
        return this == READY || this == FAILED;
    }
}
