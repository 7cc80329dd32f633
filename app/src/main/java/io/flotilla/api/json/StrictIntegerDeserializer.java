package io.flotilla.api.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Accepts only JSON whole numbers for integer fields. Micronaut Serde 2.x would otherwise read {@code true}
 * as 1 and {@code "7"} as 7 (a token valid for one day instead of a 400).
 */
@Primary
@Singleton
public class StrictIntegerDeserializer implements NullTolerantDeserializer<Integer> {
    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        long whole = StrictLongDeserializer.whole(decoder, value);
        if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw decoder.createDeserializationException("Expected a whole number of at most 10 digits but got: " + value, value);
        }
        return (int) whole;
    }
}
