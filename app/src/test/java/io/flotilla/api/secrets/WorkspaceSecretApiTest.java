package io.flotilla.api.secrets;

import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.secrets.workspace.WorkspaceSecretService;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.LogCapture;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Workspace secrets over HTTP with the default (embedded) store: access rules, bad input, and no leaks. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceSecretApiTest extends AppTestProperties {
    private static final String BASE = "/api/v1/workspaces/team-a/secrets";
    private final String canary = "canary-" + UUID.randomUUID();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    WorkspaceSecretService service;
    @Inject
    WorkspaceRepository workspaces;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    private Api admin;
    private LogCapture logs;
    private Api member;
    private Api outsider;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("logger.levels.io.flotilla", "DEBUG");
    }

    @BeforeAll
    void users() {
        logs = new LogCapture();
        admin = new Api(client, ADMIN_TOKEN);
        admin.post("/api/v1/workspaces", Map.of("name", "team-a"));
        admin.post("/api/v1/workspaces", Map.of("name", "team-b"));
        member = admin.userIn("team-a", "alice", "member");
        outsider = admin.userIn("team-b", "mallory", "admin");
    }

    @AfterAll
    void stopCapture() {
        logs.close();
    }

    private Api.TextReply put(String name, Object body, Api caller) {
        return caller.text(HttpMethod.PUT, BASE + "/" + name, body);
    }

    private Api.TextReply list(Api caller) {
        return caller.text(HttpMethod.GET, BASE, null);
    }

    @Test
    void adminCreatesReplacesListsAndDeletesWithoutEverSeeingTheValue() {
        Api.TextReply created = put("PIP_INDEX_TOKEN", Map.of("value", canary + "-v1"), admin);
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.body()).contains("\"name\":\"PIP_INDEX_TOKEN\"", "\"updatedBy\":\"admin\"")
                .doesNotContain(canary, "value");

        Api.TextReply replaced = put("PIP_INDEX_TOKEN", Map.of("value", canary + "-v2"), admin);
        assertThat(replaced.code()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain(canary);

        assertThat(list(member).body()).contains("PIP_INDEX_TOKEN").doesNotContain(canary);
        UUID workspaceId = workspaces.findByName("team-a").orElseThrow().id();
        assertThat(service.valueFor(workspaceId, "PIP_INDEX_TOKEN")).as("engines read the value").contains(canary + "-v2");

        assertThat(admin.text(HttpMethod.DELETE, BASE + "/PIP_INDEX_TOKEN", null).code()).isEqualTo(204);
        assertThat(list(admin).body()).doesNotContain("PIP_INDEX_TOKEN");
        assertThat(service.valueFor(workspaceId, "PIP_INDEX_TOKEN")).isEmpty();
        Api.TextReply again = admin.text(HttpMethod.DELETE, BASE + "/PIP_INDEX_TOKEN", null);
        assertThat(again.code()).isEqualTo(404);
        assertThat(again.body()).contains("secret_not_found");
    }

    @Test
    void membersListButOnlyAdminsWrite() {
        put("shared", Map.of("value", canary), admin);
        assertThat(list(member).code()).isEqualTo(200);
        assertThat(put("shared", Map.of("value", "member-write"), member).code()).isEqualTo(403);
        assertThat(member.text(HttpMethod.DELETE, BASE + "/shared", null).code()).isEqualTo(403);
    }

    @Test
    void memberOfAnotherWorkspaceGets404() {
        put("hidden", Map.of("value", canary), admin);
        Api.TextReply listed = list(outsider);
        assertThat(listed.code()).isEqualTo(404);
        assertThat(listed.body()).contains("workspace_not_found").doesNotContain("hidden");
        assertThat(put("hidden", Map.of("value", "x"), outsider).code()).isEqualTo(404);
        assertThat(outsider.text(HttpMethod.DELETE, BASE + "/hidden", null).code()).isEqualTo(404);
    }

    @Test
    void badInputIsRejectedAndWritesNothing() throws Exception {
        String tooBig = "x".repeat(64 * 1024 + 1);
        Api.TextReply large = put("too-big", Map.of("value", tooBig), admin);
        assertThat(large.code()).isEqualTo(400);
        assertThat(large.body()).contains("secret_too_large").doesNotContain("xxxxxxxx");

        Api.TextReply badName = put("bad.name", Map.of("value", canary), admin);
        assertThat(badName.code()).isEqualTo(400);
        assertThat(badName.body()).contains("invalid_input").doesNotContain(canary);
        assertThat(put("_leading", Map.of("value", canary), admin).code()).isEqualTo(400);
        assertThat(put("no-value", Map.of(), admin).code()).isEqualTo(400);
        assertThat(put("extra", Map.of("value", canary, "note", "x"), admin).code()).isEqualTo(400);

        assertThat(list(admin).body()).doesNotContain("too-big", "bad.name", "_leading", "no-value", "extra");
        assertThat(DatabaseDump.of(jdbcUrl)).doesNotContain("secrets/too-big", "secrets/no-value", "secrets/extra");
    }

    @Test
    void valueAppearsNeitherInTheDatabaseNorInTheLog() throws Exception {
        String value = canary + "-dump";
        assertThat(put("DUMP_CHECK", Map.of("value", value), admin).code()).isEqualTo(201);
        assertThat(put("DUMP_CHECK", Map.of("value", value), admin).code()).isEqualTo(200);

        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).as("the dump sees the metadata and the audit entry").contains("DUMP_CHECK", "secret.create", "secret.update");
        assertThat(dump).contains("-- public.secrets");
        assertThat(dump.toLowerCase()).doesNotContain(value, DatabaseDump.hex(value));

        String logText = logs.text();
        assertThat(logText).as("the capture sees the service's log lines").contains("Created secret 'DUMP_CHECK'");
        assertThat(logText).doesNotContain(canary);
        assertThat(logs.files()).as("the appliance log file is searched too").isNotEmpty();
    }
}
