package io.flotilla.provider;

/** An instance's life as the provider observes it. */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, TERMINATED
}
