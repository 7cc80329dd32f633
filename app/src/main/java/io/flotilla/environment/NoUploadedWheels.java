package io.flotilla.environment;

import io.flotilla.environment.build.WheelRef;
import io.flotilla.environment.build.WheelSource;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.time.Duration;

/** The wheel source while no wheel store is installed (package sync brings one): every wheel is missing. */
@Singleton
@Secondary
public class NoUploadedWheels implements WheelSource {
    @Override
    public InputStream open(WheelRef wheel) throws FileNotFoundException {
        throw new FileNotFoundException("no wheel " + wheel.filename() + " was uploaded to this appliance");
    }

    @Override
    public String link(WheelRef wheel, Duration validFor) {
        return null;
    }
}
