package io.flotilla.usage.pricing;

import io.flotilla.provider.aws.AwsClients;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped list prices, local instances, and the refresh from the AWS Price List API (a stand-in here). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPricesTest extends AppTestProperties {
    @Inject
    InstancePrices prices;
    @Inject
    ListPrices listPrices;
    @Inject
    FetchedPrices store;
    @Inject
    JsonMapper json;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.usage.pricing.refresh-enabled", "false");
    }

    @Test
    void shippedPricesAreTheDatedListPricesLocalCostsNothingUnknownIsUnknown() {
        assertThat(prices).as("the only InstancePrices bean").isSameAs(listPrices);
        assertThat(prices.label()).isEqualTo("estimate at list price, 2025-01-15");
        assertThat(prices.hourly("local", "local", "local", "local")).hasValue(0);
        assertThat(prices.hourly("aws", "us-east-1", "m6i.large", "on-demand")).hasValue(0.096);
        assertThat(prices.hourly("aws", "us-east-1", "m6i.4xlarge", "on-demand")).hasValue(0.768);
        assertThat(prices.hourly("aws", "us-east-1", "g5.xlarge", "on-demand")).hasValue(1.006);
        assertThat(prices.hourly("aws", "eu-west-1", "m6i.large", "on-demand")).hasValue(0.107);
        assertThat(prices.hourly("gcp", "us-central1", "n2-standard-2", "on-demand")).hasValue(0.097118);
        assertThat(prices.hourly("gcp", "us-central1", "e2-standard-4", "on-demand")).hasValue(0.134012);
        assertThat(prices.hourly("gcp", "us-central1", "a2-highgpu-1g", "on-demand")).hasValue(3.673385);
        assertThat(prices.hourly("aws", "us-east-1", "x9.nonexistent", "on-demand")).isEmpty();
        assertThat(prices.hourly("aws", "ap-nowhere-1", "m6i.large", "on-demand")).isEmpty();
        assertThat(prices.hourly("gcp", "us-central1", "n2-standard-2", "spot"))
                .as("a spot price that is not known is estimated at the on-demand list price").hasValue(0.097118);
        assertThat(prices.hourly("gcp", "us-central1", "x9-unknown", "spot")).isEmpty();
    }

    @Test
    void theRefreshReplacesPricesOnEveryReplicaAndAnUnreachableListIsLoggedOnce() throws Exception {
        Instant fetchedAt = Instant.parse("2026-11-30T04:00:00Z");
        PricingConfig config = new PricingConfig();
        try (FakePriceListApi api = new FakePriceListApi("eu-central-1", "m7i.large", "0.1300000000");
             JobLog logs = new JobLog()) {
            config.setAwsEndpoint(api.endpoint());
            AwsClients clients = new AwsClients(null, StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIAFLOTILLATEST0001", "not-a-secret")), List.of());
            PriceListRefreshJob job = new PriceListRefreshJob(config, store, listPrices, clients, json,
                    Clock.fixed(fetchedAt, ZoneOffset.UTC));

            api.failing(true);
            job.run();
            job.run();
            assertThat(logs.lines()).as("logged once").filteredOn(m -> m.contains("cannot be reached")).hasSize(1);
            assertThat(prices.hourly("aws", "eu-central-1", "m7i.large", "on-demand")).hasValue(0.1208);

            api.failing(false);
            job.run();
            assertThat(api.requests()).anyMatch(r -> r.startsWith("AWSPriceListService.GetProducts")
                    && r.contains("\"eu-central-1\"") && r.contains("\"Linux\"") && r.contains("\"Shared\""));
            assertThat(prices.hourly("aws", "eu-central-1", "m7i.large", "on-demand")).hasValue(0.13);
            assertThat(prices.hourly("aws", "eu-central-1", "m6i.large", "on-demand")).as("not in the list: shipped")
                    .hasValue(0.115);
            assertThat(prices.label()).isEqualTo("estimate at list price, 2026-11-30");
            assertThat(store.all().prices().get("aws").get("eu-central-1")).containsEntry("m7i.large", 0.13);
            assertThat(logs.lines()).anyMatch(m -> m.contains("refreshed from the AWS Price List API again"));
        }
    }

    /** What the refresh job logs while open. */
    static final class JobLog implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PriceListRefreshJob.class);
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();

        JobLog() {
            appender.setContext(logger.getLoggerContext());
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            return new java.util.ArrayList<>(appender.list).stream()
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
