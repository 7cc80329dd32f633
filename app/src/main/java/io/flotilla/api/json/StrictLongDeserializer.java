package io.flotilla.api.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Accepts only JSON whole numbers for long fields (no {@code true} as 1, no {@code "7"} as 7). */
@Primary
@Singleton
public class StrictLongDeserializer implements NullTolerantDeserializer<Long> {
    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
        return whole(decoder, decoder.decodeArbitrary());
    }



    /** The value as a long when it is a JSON number without a fraction that fits one, else a deserialization error. */
    static long whole(Decoder decoder, Object value) throws IOException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            if (value instanceof BigInteger big) {
                return big.longValueExact();
            }
            if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                return new BigDecimal(value.toString()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException notWhole) {
            // falls through to the error below
        }
        throw decoder.createDeserializationException("Expected a whole number but got: " + value, value);
    }
}
