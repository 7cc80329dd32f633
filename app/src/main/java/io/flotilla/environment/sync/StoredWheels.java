package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.builder.WheelSource;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** The builders' source of package-sync wheels: the configured {@link WheelStore}. */
@Singleton
public class StoredWheels implements WheelSource {
    private final WheelStore store;

    public StoredWheels(WheelStore store) {
        this.store = store;
    }

    @Override
    public InputStream open(WheelRef wheel) throws IOException {
        return store.open(wheel);
    }

    @Override
    @Nullable
    public String link(WheelRef wheel, Duration validFor) {
        return store.link(wheel, validFor);
    }
}
