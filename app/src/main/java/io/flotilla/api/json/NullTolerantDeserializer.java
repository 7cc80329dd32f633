package io.flotilla.api.json;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;

import java.io.IOException;

/** A deserializer whose JSON {@code null} is Java's null (optional fields); the value itself is read by {@link #deserialize}. */
interface NullTolerantDeserializer<T> extends Deserializer<T> {
    @Override
    default T deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
        if (decoder.decodeNull()) {
            return null;
        }
        return deserialize(decoder, context, type);
    }

    @Override
    default boolean allowNull() {
        return true;
    }
}
