package io.flotilla.api.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads JSON times as RFC 3339 date-times ({@link Rfc3339}), the format the OpenAPI document gives them. */
@Primary
@Singleton
public class Rfc3339InstantDeserializer implements NullTolerantDeserializer<Instant> {
    @Override
    public Instant deserialize(Decoder decoder, DecoderContext context, Argument<? super Instant> type) throws IOException {
        String text = decoder.decodeString();
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            throw decoder.createDeserializationException("Expected an RFC 3339 time such as 2026-11-27T10:00:00Z but got: "
                    + text, text);
        }
    }
}
