package io.flotilla.environment.builder;

import io.micronaut.core.annotation.Nullable;

/** Opens an uploaded wheel's bytes (package sync); builders copy wheels from here. */
public interface WheelSource {
    java.io.InputStream open(WheelRef wheel) throws java.io.IOException;

    /** A short-lived https/http URL for the wheel, for remote builders; null if none. */
    @Nullable
    String link(WheelRef wheel, java.time.Duration validFor);
}
