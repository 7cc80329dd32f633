package io.flotilla.provider.gcp;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.LaunchedInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Zone failover on capacity, fast failure on quota, a disabled API and operations that fail without an HTTP status. */
class GceLaunchFailuresTest {
    private static final String CLUSTER = "c0ffee00-0000-4000-8000-00000000abcd";
    private FakeComputeEngine fake;
    private GcpClients clients;
    private GceComputeProvider provider;

    @BeforeEach
    void start() {
        fake = FakeComputeEngine.start();
        clients = new GcpClients();
        provider = GceFixtures.provider(fake, clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        fake.close();
    }

    @Test
    void aZoneWithoutCapacityMovesToTheNext() {
        fake.injectZoneExhausted("europe-west1-b");
        LaunchedInstance worker = provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null));
        assertThat(worker.instanceId()).startsWith("europe-west1-c/");
        assertThat(fake.instances()).hasSize(1);
    }

    @Test
    void everyZoneExhaustedNamesEachZoneAndItsError() {
        fake.zones().forEach(fake::injectZoneExhausted);
        ServiceException e = catchThrowableOfType(ServiceException.class,
                () -> provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null)));
        assertThat(e.code()).isEqualTo("gcp_capacity_exhausted");
        assertThat(e.getMessage()).contains("europe-west1-b (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED",
                "europe-west1-c (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED", "europe-west1-d (on-demand): ZONE_RESOURCE_POOL_EXHAUSTED");
        assertThat(fake.instances()).isEmpty();
    }

    @Test
    void aQuotaFailsAtOnceNamingTheQuota() {
        fake.injectQuota("CPUS", "compute.googleapis.com/cpus");
        ServiceException e = catchThrowableOfType(ServiceException.class,
                () -> provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null)));
        assertThat(e.kind()).isEqualTo(ServiceException.Kind.LIMIT_EXCEEDED);
        assertThat(e.getMessage()).contains("QUOTA_EXCEEDED", "Quota 'CPUS' exceeded", "compute.googleapis.com/cpus");
        assertThat(fake.calls()).as("no other zone tried")
                .filteredOn(c -> c.method().equals("POST") && c.path().endsWith("/instances")).hasSize(1);
    }

    @Test
    void aDisabledApiIsOneClearSentence() {
        fake.injectApiDisabled(true);
        ServiceException e = catchThrowableOfType(ServiceException.class,
                () -> provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null)));
        assertThat(e.code()).isEqualTo("gcp_compute_api_disabled");
        assertThat(e.getMessage()).isEqualTo("The Compute Engine API is not enabled in project flotilla-test: enable"
                + " compute.googleapis.com there (gcloud services enable compute.googleapis.com --project flotilla-test)"
                + " and try again.");
    }

    @Test
    void anOperationErrorWithoutHttpStatusIsRaised() {
        fake.injectOperationError("europe-west1-b", "RESOURCE_OPERATION_RATE_EXCEEDED", "Operation rate exceeded for resource");
        ServiceException e = catchThrowableOfType(ServiceException.class,
                () -> provider.launch(GceFixtures.worker(CLUSTER, "worker-1", null)));
        assertThat(e.getMessage()).contains("RESOURCE_OPERATION_RATE_EXCEEDED", "Operation rate exceeded", "europe-west1-b");
        assertThat(fake.instances()).isEmpty();
    }
}
