package io.flotilla.api.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Accepts only JSON {@code true}/{@code false} for booleans. Micronaut Serde 2.x would otherwise read
 * any string as a boolean ({@code "yes please"} becomes {@code false}), which turns bad input into a
 * silent, wrong write.
 */
@Primary
@Singleton
public class StrictBooleanDeserializer implements NullTolerantDeserializer<Boolean> {
    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Boolean b) {
            return b;
        }
        throw decoder.createDeserializationException("Expected true or false but got: " + value, value);
    }
}
