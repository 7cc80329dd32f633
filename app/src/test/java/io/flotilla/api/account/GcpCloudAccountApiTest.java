package io.flotilla.api.account;

import io.flotilla.secrets.SecretStore;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.GcpKeyFiles;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/cloud-accounts with provider gcp: the three credential modes, GCP's own rules, a key kept in the secret store only. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpCloudAccountApiTest extends AppTestProperties {
    static final String ACCOUNTS = "/api/v1/cloud-accounts";
    static final String WORKER = "flotilla-worker@acme-analytics.iam.gserviceaccount.com";
    static final String OTHER = "flotilla@other-project.iam.gserviceaccount.com";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    SecretStore store;
    @Property(name = "datasources.default.url")
    String jdbcUrl;

    static Map<String, Object> gcp(String name, Map<String, ?> credentials) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("provider", "gcp");
        body.put("region", "europe-west4");
        body.put("project", "acme-analytics");
        body.put("credentials", credentials);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        if (value == null) {
            body.remove(key);
        } else {
            body.put(key, value);
        }
        return body;
    }

    private long rows() throws Exception {
        try (var c = sql(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cloud_accounts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String id(String name) throws Exception {
        try (var c = sql(); var st = c.prepareStatement("SELECT id FROM cloud_accounts WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as(name + " stored").isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void registersTheAppliancesOwnServiceAccountWithProjectZonesNetworkAndWorker() {
        Api admin = new Api(client, ADMIN_TOKEN);
        Map<String, Object> body = gcp("gcp-attached", Map.of("mode", "attached_service_account"));
        body.put("zones", List.of("europe-west4-b", "europe-west4-a", "europe-west4-b"));
        body.put("network", "analytics");
        body.put("subnetworks", List.of("regions/europe-west4/subnetworks/analytics-europe-west4"));
        body.put("workerServiceAccount", WORKER);
        body.put("allowedCidrs", List.of("203.0.113.0/24"));
        Api.Reply created = admin.post(ACCOUNTS, body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.json()).containsEntry("provider", "gcp").containsEntry("region", "europe-west4")
                .containsEntry("project", "acme-analytics")
                .containsEntry("zones", List.of("europe-west4-b", "europe-west4-a"))
                .containsEntry("network", "analytics").containsEntry("workerServiceAccount", WORKER)
                .containsEntry("subnetIds", List.of("regions/europe-west4/subnetworks/analytics-europe-west4"))
                .containsEntry("allowedCidrs", List.of("203.0.113.0/24"));
        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = (Map<String, Object>) created.json().get("credentials");
        assertThat(credentials).containsEntry("mode", "attached_service_account").containsEntry("discouraged", false);
        assertThat(credentials.get("description").toString()).contains("own service account");

        Api.Reply shown = admin.get(ACCOUNTS + "/gcp-attached");
        assertThat(shown.json()).containsEntry("project", "acme-analytics").containsEntry("network", "analytics");
        assertThat(admin.get(ACCOUNTS).list()).extracting(a -> a.get("name")).contains("gcp-attached");
    }

    @Test
    void registersAnImpersonatedServiceAccount() {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply created = admin.post(ACCOUNTS, gcp("gcp-impersonate", Map.of("mode", "impersonate", "serviceAccount", OTHER)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = (Map<String, Object>) created.json().get("credentials");
        assertThat(credentials).containsEntry("mode", "impersonate").containsEntry("serviceAccount", OTHER)
                .containsEntry("discouraged", false);
        assertThat(credentials.get("description").toString()).contains("Impersonates " + OTHER);
        assertThat(created.json()).containsEntry("zones", List.of());
    }

    @Test
    void aServiceAccountKeyGoesToTheSecretStoreOnlyAndIsNeverShown() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        String keyJson = GcpKeyFiles.keyJson("flotilla-key@acme-analytics.iam.gserviceaccount.com", "https://oauth2.googleapis.com/token");
        String privateKey = GcpKeyFiles.privateKeyBody(keyJson);
        @SuppressWarnings("unchecked")
        String keyId = (String) io.micronaut.serde.ObjectMapper.getDefault().readValue(keyJson, Map.class).get("private_key_id");
        List<String> needles = new ArrayList<>(List.of(keyId));
        for (int at = 0; at + 40 <= privateKey.length(); at += 200) {
            needles.add(privateKey.substring(at, at + 40));
        }

        Api.Reply created = admin.post(ACCOUNTS, gcp("gcp-key", Map.of("mode", "service_account_key", "keyJson", keyJson)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> credentials = (Map<String, Object>) created.json().get("credentials");
        assertThat(credentials).containsEntry("mode", "service_account_key").containsEntry("discouraged", true)
                .containsEntry("serviceAccount", "flotilla-key@acme-analytics.iam.gserviceaccount.com")
                .containsEntry("keyIdHint", keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4));
        assertThat(credentials.get("description").toString()).contains("prefer");
        for (Api.Reply reply : List.of(created, admin.get(ACCOUNTS + "/gcp-key"), admin.get(ACCOUNTS))) {
            String text = reply.body().toString();
            needles.forEach(n -> assertThat(text).as("no part of the key in a response").doesNotContain(n));
            assertThat(text).doesNotContain("PRIVATE KEY");
        }

        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("gcp-key");
        for (String needle : needles) {
            assertThat(dump).doesNotContain(needle).doesNotContainIgnoringCase(DatabaseDump.hex(needle));
        }
        assertThat(dump).doesNotContain("PRIVATE KEY");
        String path = "cloud-accounts/" + id("gcp-key") + "/credentials";
        assertThat(store.get(path)).hasValueSatisfying(data -> assertThat(data).containsEntry("keyJson", keyJson));
        assertThat(admin.delete(ACCOUNTS + "/gcp-key").status()).isEqualTo(204);
        assertThat(store.get(path)).as("removing the account removes its key").isEmpty();
        assertThat(admin.get(ACCOUNTS + "/gcp-key").status()).isEqualTo(404);
    }

    @Test
    void badInputIsA400NamingTheFieldAndStoresNothing() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        long before = rows();
        Map<String, Object> attached = Map.of("mode", "attached_service_account");
        Map<Map<String, Object>, String> bad = new java.util.LinkedHashMap<>();
        bad.put(with(gcp("g1", attached), "project", null), "project");
        bad.put(with(gcp("g2", attached), "project", "Acme_Analytics"), "project");
        bad.put(with(gcp("g3", attached), "project", "abc"), "project");
        bad.put(with(gcp("g4", attached), "zones", List.of("us-central1-a")), "zones");
        bad.put(with(gcp("g5", attached), "zones", List.of("europe-west4-ab")), "zones");
        bad.put(with(gcp("g6", attached), "workerServiceAccount", "worker@example.com"), "workerServiceAccount");
        bad.put(gcp("g7", Map.of("mode", "impersonate")), "credentials.serviceAccount");
        bad.put(gcp("g8", Map.of("mode", "impersonate", "serviceAccount", "not-an-email")), "credentials.serviceAccount");
        bad.put(gcp("g9", Map.of("mode", "service_account_key", "keyJson", "{\"type\":\"service_account\",\"junk\":true}")),
                "credentials.keyJson");
        bad.put(gcp("g10", Map.of("mode", "service_account_key", "keyJson", "not json at all")), "credentials.keyJson");
        bad.put(gcp("g11", Map.of("mode", "service_account_key")), "credentials.keyJson");
        bad.put(gcp("g12", Map.of("mode", "attached_service_account", "roleArn", "arn:aws:iam::123456789012:role/x")),
                "credentials.roleArn");
        bad.put(gcp("g13", Map.of("mode", "instance_role")), "mode");
        bad.put(with(gcp("g14", attached), "logRetentionDays", 30), "logRetentionDays");
        bad.put(with(gcp("g15", attached), "subnetIds", List.of("subnet-0abc12345def67890")), "subnetIds");
        bad.put(with(gcp("g16", attached), "instanceProfileArn", "arn:aws:iam::123456789012:instance-profile/w"), "instanceProfileArn");
        bad.put(with(gcp("g17", attached), "region", "eu-central-1"), "region");
        bad.put(with(gcp("g18", attached), "network", "Not A Network"), "network");
        bad.put(gcp("g19", Map.of("mode", "attached_service_account", "serviceAccount", OTHER)), "credentials");
        bad.put(with(with(new HashMap<>(gcp("a1", Map.of("mode", "instance_role"))), "provider", "aws"), "region", "eu-central-1"),
                "project");
        for (var entry : bad.entrySet()) {
            Api.Reply reply = admin.post(ACCOUNTS, entry.getKey());
            assertThat(reply.status()).as(entry.getKey().toString()).isEqualTo(400);
            String text = reply.body().toString();
            assertThat(text).as(entry.getKey() + " names " + entry.getValue()).contains(entry.getValue());
            assertThat(text).as(entry.getKey().toString()).doesNotContain("Exception", "at io.");
        }
        assertThat(rows()).isEqualTo(before);
    }
}
