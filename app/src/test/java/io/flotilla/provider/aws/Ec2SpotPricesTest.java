package io.flotilla.provider.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Current spot prices from moto's DescribeSpotPriceHistory. */
class Ec2SpotPricesTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    @Test
    void aTypeWithSpotHistoryHasAPositivePriceAnUnknownTypeHasNone() {
        Ec2SpotPrices prices = new Ec2SpotPrices(MOTO.clients(RECORDER), Clock.systemUTC());
        var price = prices.current(MotoServer.REGION, "m5.large");
        assertThat(price).isPresent();
        assertThat(price.getAsDouble()).isPositive().isLessThan(1.0);
        assertThat(prices.current(MotoServer.REGION, "x9.nonexistent")).isEmpty();
        assertThat(RECORDER.operations()).contains("ec2:DescribeSpotPriceHistory");
    }
}
