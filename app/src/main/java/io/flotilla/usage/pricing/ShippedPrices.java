package io.flotilla.usage.pricing;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the price table shipped in the jar. */
public final class ShippedPrices {
    /** Class-path resource of the shipped table. */
    public static final String RESOURCE = "pricing/list-prices.json";

    private ShippedPrices() {
    }

    /** The shipped table; fails the startup when it is missing or malformed (a packaging error). */
    public static PriceTable load(JsonMapper json) {
        try (InputStream in = ShippedPrices.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the class path");
            }
            return json.readValue(in, PriceTable.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the price table " + RESOURCE + " cannot be read", e);
        }
    }
}
