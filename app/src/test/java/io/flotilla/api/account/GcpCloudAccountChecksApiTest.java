package io.flotilla.api.account;

import com.google.cloud.compute.v1.Network;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GcpCallPermissions;
import io.flotilla.provider.gcp.iam.FakeResourceManager;
import io.flotilla.provider.gcp.iam.GcpGrant;
import io.flotilla.provider.gcp.iam.GcpPermissionManifest;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/cloud-accounts/{name}/validate and /network for GCP accounts, against a fake Cloud Resource Manager
 * ({@code testIamPermissions}) and the fake Compute Engine, with the real Google clients. Both fakes are plain http,
 * so the appliance's own service account sends no credentials to them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpCloudAccountChecksApiTest extends AppTestProperties {
    static final FakeComputeEngine COMPUTE = FakeComputeEngine.start();
    static final FakeResourceManager RESOURCE_MANAGER = resourceManager();
    @Inject
    @Client("/")
    HttpClient client;

    private static FakeResourceManager resourceManager() {
        try {
            return new FakeResourceManager();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.gcp.compute-endpoint", COMPUTE.endpoint(),
                "flotilla.gcp.resource-manager-endpoint", RESOURCE_MANAGER.endpoint());
    }

    @AfterAll
    void stopFakes() {
        COMPUTE.close();
        RESOURCE_MANAGER.close();
    }

    private Api registered(String name, String network) {
        Api admin = new Api(client, ADMIN_TOKEN);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "provider", "gcp", "region", COMPUTE.region(),
                "project", COMPUTE.project(), "credentials", Map.of("mode", "attached_service_account")));
        if (network != null) {
            body.put("network", network);
        }
        Api.Reply created = admin.post("/api/v1/cloud-accounts", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return admin;
    }

    @Test
    void validateNamesEachMissingPermissionAndSendsNoCredentialsInTheClear() {
        Api admin = registered("gcp-validate", null);
        RESOURCE_MANAGER.granted.addAll(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        RESOURCE_MANAGER.granted.remove("compute.instances.create");

        Api.Reply report = admin.post("/api/v1/cloud-accounts/gcp-validate/validate", Map.of());
        assertThat(report.status()).as(report.body().toString()).isEqualTo(200);
        assertThat(report.json()).containsEntry("ok", false).containsEntry("missing", List.of("compute.instances.create"))
                .containsEntry("message", "Missing permissions: compute.instances.create.");
        assertThat(RESOURCE_MANAGER.requests).contains("POST /v3/projects/" + COMPUTE.project() + ":testIamPermissions");
        assertThat(RESOURCE_MANAGER.authorizations).as("no token over plain http").containsOnly("");
        assertThat(admin.get("/api/v1/cloud-accounts/gcp-validate").json().get("validation").toString())
                .contains("ok=false", "compute.instances.create");

        RESOURCE_MANAGER.granted.add("compute.instances.create");
        Api.Reply fine = admin.post("/api/v1/cloud-accounts/gcp-validate/validate", Map.of());
        assertThat(fine.json()).containsEntry("ok", true).containsEntry("missing", List.of());
        assertThat(admin.get("/api/v1/audit?limit=50").list()).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("cloud_account.validate");
            assertThat(e.get("target")).isEqualTo("gcp-validate");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void networkActionCreatesTheNetworkAndSubnetworkOnceAndTheAccountUsesThem() {
        Api admin = registered("gcp-net", "gcp-net-vpc");
        assertThat(admin.post("/api/v1/cloud-accounts/gcp-net/network", Map.of("cidr", "8.8.0.0/16")).status())
                .as("a public range").isEqualTo(400);
        assertThat(COMPUTE.networks()).noneMatch(n -> n.getName().equals("gcp-net-vpc"));

        Api.Reply created = admin.post("/api/v1/cloud-accounts/gcp-net/network", Map.of("cidr", "10.80.0.0/20"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        String subnetwork = "regions/" + COMPUTE.region() + "/subnetworks/gcp-net-vpc-" + COMPUTE.region();
        assertThat(created.json()).containsEntry("subnetIds", List.of(subnetwork)).containsEntry("network", "gcp-net-vpc");
        assertThat(COMPUTE.networks()).filteredOn(n -> n.getName().equals("gcp-net-vpc")).singleElement()
                .satisfies(n -> assertThat(n.getAutoCreateSubnetworks()).isFalse());
        assertThat(COMPUTE.subnetworks()).filteredOn(s -> s.getName().equals("gcp-net-vpc-" + COMPUTE.region())).singleElement()
                .satisfies(s -> {
                    assertThat(s.getIpCidrRange()).isEqualTo("10.80.0.0/20");
                    assertThat(s.getPrivateIpGoogleAccess()).isTrue();
                });

        long inserts = COMPUTE.calls().stream().filter(c -> c.method().equals("POST") && !c.path().endsWith("/wait")).count();
        Api.Reply again = admin.post("/api/v1/cloud-accounts/gcp-net/network", Map.of());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("subnetIds")).as("a second call finds the same network").isEqualTo(List.of(subnetwork));
        assertThat(COMPUTE.calls().stream().filter(c -> c.method().equals("POST") && !c.path().endsWith("/wait")).count())
                .as("no new insert").isEqualTo(inserts);
        assertThat(admin.get("/api/v1/cloud-accounts/gcp-net").json()).containsEntry("subnetIds", List.of(subnetwork));
        COMPUTE.calls().forEach(call -> assertThat(GcpCallPermissions.forCall(call.method(), call.path()))
                .as(call.toString()).isNotEmpty());

        List<Map<String, Object>> audit = admin.get("/api/v1/audit?limit=100").list();
        assertThat(audit).filteredOn(e -> "network.create".equals(e.get("action"))).hasSize(1);
        assertThat(audit).filteredOn(e -> "subnetwork.create".equals(e.get("action"))).hasSize(1);
        assertThat(audit).filteredOn(e -> "cloud_account.network".equals(e.get("action"))
                && "gcp-net".equals(e.get("target"))).hasSize(2);
    }

    @Test
    void aNetworkOfThatNameWithoutFlotillasOwnershipIsA409() {
        COMPUTE.putNetwork(Network.newBuilder().setName("their-vpc").setAutoCreateSubnetworks(false)
                .setDescription("the data team's network").build());
        Api admin = registered("gcp-theirs", "their-vpc");
        Api.Reply refused = admin.post("/api/v1/cloud-accounts/gcp-theirs/network", Map.of());
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.body().toString()).contains("their-vpc").doesNotContain("Exception");
        assertThat(COMPUTE.subnetworks()).noneMatch(s -> s.getName().startsWith("their-vpc"));
        assertThat(admin.get("/api/v1/cloud-accounts/gcp-theirs").json()).containsEntry("subnetIds", List.of());
    }
}
