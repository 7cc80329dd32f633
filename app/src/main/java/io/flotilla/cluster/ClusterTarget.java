package io.flotilla.cluster;

/** What the cluster should become (the user's side of the status/target pair). */
public enum ClusterTarget {
    RUNNING, STOPPED
}
