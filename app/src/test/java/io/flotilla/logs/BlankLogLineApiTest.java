package io.flotilla.logs;

import io.flotilla.cluster.Cluster;
import io.flotilla.provider.InstanceRole;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blank line in a cluster's log (a Python traceback has them) comes back with {@code "message": ""}, and a
 * query that matches nothing with {@code "lines": []}: empty strings and lists are present in responses.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlankLogLineApiTest extends AppTestProperties {
    private static final String INSTANCE_ID = "local-00000000000000b1";
    private static final String LOGS = "/api/v1/workspaces/default/clusters/blank-lines/logs";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;

    @Override
    protected Map<String, String> extraProperties() {
        // no reconciler: it would launch the hand-made cluster
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @Test
    @SuppressWarnings("unchecked")
    void blankLinesKeepTheirEmptyMessage() throws IOException {
        Cluster cluster = rows.starting("local", "default", "blank-lines", 0);
        rows.launched(cluster, InstanceRole.SCHEDULER, "scheduler", INSTANCE_ID, null);
        Path dir = Files.createDirectories(dataDir().resolve("local/instances").resolve(INSTANCE_ID));
        Files.writeString(dir.resolve("agent.log"), "2026-11-27 10:00:00,000 - distributed.scheduler - ERROR - boom\n"
                + "Traceback (most recent call last):\n\nValueError: boom\n");
        Api admin = new Api(client, ADMIN_TOKEN);

        Api.TextReply raw = admin.text(HttpMethod.GET, LOGS, null);
        assertThat(raw.code()).isEqualTo(200);
        assertThat(raw.body()).as("the blank line's message is sent, empty").contains("\"message\":\"\"");
        List<Map<String, Object>> lines = (List<Map<String, Object>>) admin.get(LOGS).json().get("lines");
        assertThat(lines).extracting(line -> line.get("message"))
                .containsExactly("2026-11-27 10:00:00,000 - distributed.scheduler - ERROR - boom",
                        "Traceback (most recent call last):", "", "ValueError: boom");
        assertThat(lines).allSatisfy(line -> assertThat(line).containsOnlyKeys("time", "instance", "role", "message"));

        Api.TextReply none = admin.text(HttpMethod.GET, LOGS + "?filter=no-such-text", null);
        assertThat(none.body()).as("an empty list is sent, not left out").isEqualTo("{\"lines\":[]}");
    }
}
