package io.flotilla.environment;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.TestUv;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Versions and shared builds (counted), and bad input refused with nothing stored. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentApiTest extends AppTestProperties {
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EnvironmentBuildRepository builds;
    @Inject
    SoftwareEnvironmentRepository environments;
    Api admin;

    @Override
    protected Map<String, String> extraProperties() {
        return TestUv.localBuildProperties(Map.of("flotilla.environments.max-concurrent-builds", "1"));
    }

    @BeforeAll
    void setUp() {
        admin = new Api(client, ADMIN_TOKEN);
    }

    @Test
    void identicalSpecsBuildOnceChangedSpecsAreNewVersionsForceRebuildBuildsAgain() {
        long before = builds.count();
        Map<String, Object> first = admin.post(ENVS, Map.of("name", "tables", "pip", List.of("tabulate==0.9.0"))).json();
        assertThat(first).containsEntry("version", 1).containsEntry("kind", "pip").containsEntry("python", "3.11");
        Map<String, Object> again = admin.post(ENVS, Map.of("name", "tables", "pip", List.of(" tabulate == 0.9.0 "))).json();
        assertThat(again).containsEntry("version", 1).containsEntry("buildId", first.get("buildId"));
        Map<String, Object> otherName = admin.post(ENVS, Map.of("name", "tables-too", "pip", List.of("tabulate==0.9.0"))).json();
        assertThat(otherName).containsEntry("version", 1).containsEntry("buildId", first.get("buildId"));
        assertThat(builds.count()).as("identical specs: one build").isEqualTo(before + 1);

        Map<String, Object> changed = admin.post(ENVS, Map.of("name", "tables", "pip", List.of("tabulate==0.8.10"))).json();
        assertThat(changed).containsEntry("version", 2);
        assertThat(changed.get("buildId")).isNotEqualTo(first.get("buildId"));
        assertThat(builds.count()).isEqualTo(before + 2);

        Api.Reply forced = admin.post(ENVS, Map.of("name", "tables", "pip", List.of("tabulate==0.8.10"), "forceRebuild", true));
        assertThat(forced.status()).isEqualTo(201);
        assertThat(forced.json()).containsEntry("version", 2);
        assertThat(forced.json().get("buildId")).isNotEqualTo(changed.get("buildId"));
        assertThat(builds.count()).as("force_rebuild: a new build").isEqualTo(before + 3);

        Map<String, Object> detail = admin.get(ENVS + "/tables").json();
        assertThat((List<?>) detail.get("versions")).hasSize(2);
        assertThat((List<?>) detail.get("builds")).hasSize(3);
        assertThat(admin.get(ENVS).list()).extracting(e -> e.get("name")).contains("tables", "tables-too");
        assertThat(admin.get(ENVS + "/tables/builds/" + first.get("buildId") + "/logs").json().get("lines").toString())
                .contains("# queued");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty spec|400|{\"name\": \"bad\"}",
            "empty pip|400|{\"name\": \"bad\", \"pip\": []}",
            "editable|400|{\"name\": \"bad\", \"pip\": [\"-e .\"]}",
            "index option|400|{\"name\": \"bad\", \"pip\": [\"--index-url https://evil.example/simple\"]}",
            "url|400|{\"name\": \"bad\", \"pip\": [\"six @ https://evil.example/six.whl\"]}",
            "path|400|{\"name\": \"bad\", \"pip\": [\"../../etc/passwd\"]}",
            "not pep 508|400|{\"name\": \"bad\", \"pip\": [\"six=1.0\"]}",
            "tab in a line|400|{\"name\": \"bad\", \"pip\": [\"six\\t==1.0\"]}",
            "arm on this machine|409|{\"name\": \"bad\", \"pip\": [\"six\"], \"architecture\": \"arm64\"}",
            "conda channel syntax|400|{\"name\": \"bad\", \"conda\": {\"channels\": [\"file:///tmp/x\"], \"dependencies\": [\"numpy\"]}}",
            "conda without conda exe|409|{\"name\": \"bad\", \"conda\": {\"channels\": [\"conda-forge\"], \"dependencies\": [\"numpy\"]}}",
            "not an image|400|{\"name\": \"bad\", \"container\": \"https://example.com/x\"}",
            "container on the local builder|409|{\"name\": \"bad\", \"container\": \"python:3.11-slim\"}",
            "two kinds|400|{\"name\": \"bad\", \"pip\": [\"six\"], \"container\": \"python:3.11\"}",
            "gpu locally|409|{\"name\": \"bad\", \"pip\": [\"six\"], \"gpuEnabled\": true}",
            "other python|409|{\"name\": \"bad\", \"pip\": [\"six\"], \"python\": \"3.7\"}",
            "bad architecture|400|{\"name\": \"bad\", \"pip\": [\"six\"], \"architecture\": \"sparc\"}",
            "bad name|400|{\"name\": \"Not A Name\", \"pip\": [\"six\"]}",
            "unknown field|400|{\"name\": \"bad\", \"pip\": [\"six\"], \"wheels\": []}",
            "no name|400|{\"pip\": [\"six\"]}"})
    void badInputIsRefusedAndNothingIsStored(String label, int status, String body) {
        long buildsBefore = builds.count();
        long versionsBefore = environments.count();
        Api.Reply reply = admin.raw(HttpMethod.POST, ENVS, body, MediaType.APPLICATION_JSON_TYPE);
        assertThat(reply.status()).as(label + ": " + reply.body()).isEqualTo(status);
        assertThat(reply.json().get("message").toString()).as(label).isNotBlank();
        assertThat(builds.count()).as(label).isEqualTo(buildsBefore);
        assertThat(environments.count()).as(label).isEqualTo(versionsBefore);
    }

    @Test
    void oversizedSpecIsRefused() {
        List<String> lines = java.util.stream.IntStream.range(0, 501).mapToObj(i -> "pkg" + i).toList();
        long before = builds.count();
        Api.Reply reply = admin.post(ENVS, Map.of("name", "huge", "pip", lines));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(builds.count()).isEqualTo(before);
    }

    @Test
    void unknownEnvironmentIsA404AtClusterCreateAndNothingIsStored() {
        Api.Reply reply = admin.post("/api/v1/workspaces/default/clusters", Map.of("name", "nosoft", "nWorkers", 0,
                "software", "does-not-exist"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").toString()).contains("does-not-exist");
        assertThat(admin.get("/api/v1/workspaces/default/clusters/nosoft").status()).isEqualTo(404);
        assertThat(admin.get(ENVS + "/does-not-exist").status()).isEqualTo(404);
        assertThat(admin.delete(ENVS + "/does-not-exist").status()).isEqualTo(404);
    }
}
