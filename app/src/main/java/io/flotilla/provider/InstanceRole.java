package io.flotilla.provider;

/** What an instance runs for its cluster. */
public enum InstanceRole {
    SCHEDULER, WORKER
}
