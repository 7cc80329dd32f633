package io.flotilla.api.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Accepts only JSON strings, without NUL characters, for text fields. Micronaut Serde 2.x would otherwise
 * turn {@code false} or {@code 42} into the text {@code "false"} / {@code "42"} (a token named "false"), so a
 * request that breaks the contract would be carried out instead of answered 400.
 */
@Primary
@Singleton
public class StrictStringDeserializer implements NullTolerantDeserializer<String> {
    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof String text) {
            if (text.indexOf('\u0000') >= 0) {
                // nothing the API keeps may hold a NUL (PostgreSQL text cannot): bad input, not an internal error
                throw decoder.createDeserializationException("A string may not contain the NUL character (\\u0000)", value);
            }
            return text;
        }
        throw decoder.createDeserializationException("Expected a string but got: " + value, value);
    }
}
