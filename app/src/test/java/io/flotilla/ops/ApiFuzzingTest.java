package io.flotilla.ops;

import io.flotilla.testing.ApplianceProcess;
import io.flotilla.testing.LocalProcesses;
import io.flotilla.testing.PythonScript;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schemathesis fuzzes every operation of the served OpenAPI document of a real appliance (its own process on
 * embedded defaults), with every check ({@code --checks all}), signed in as a member of the default workspace;
 * the run must end without a failure. Anything it finds is fixed in the code or the OpenAPI annotations.
 *
 * <p>Clusters the fuzzer creates run on the local provider with an interpreter that exits at once
 * ({@code /bin/false}): the create, scale, adapt and stop routes go through the real engine, but no instance the
 * fuzzer asks for (up to max-workers per cluster) becomes a Dask process that outlives its launch. Real local
 * clusters are covered by LocalClusterEndToEndTest. Afterwards every cluster is stopped and no process of the
 * appliance's data directory may be left.
 */
class ApiFuzzingTest {
    private static final String ADMIN_TOKEN = "flt_fuzzing-admin-token-0123456789abcdef";
    private static final String MEMBER_PASSWORD = "fuzzing member password 123";
    /** Examples per operation and phase: the whole run takes a few minutes on two cores. */
    private static final int MAX_EXAMPLES = 30;
    /**
     * The generator's seed: fixed, so that the suite's verdict does not change from run to run on the same code (a
     * gate must be reproducible); {@code -Dflotilla.fuzzing.seed=random} explores with a fresh one (schemathesis
     * prints it), {@code -Dflotilla.fuzzing.seed=N} replays one.
     */
    private static final String SEED = System.getProperty("flotilla.fuzzing.seed", "20261201");
    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    @Test
    void everyOperationPassesEveryCheck(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("FLOTILLA_DATA_DIR", dataDir.toString(), "FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_LOCAL_PYTHON", "/bin/false");
        try (ApplianceProcess appliance = ApplianceProcess.start(env, dataDir.resolve("appliance.out"))) {
            String member = memberToken(appliance);
            Path report = dataDir.resolve("schemathesis.txt");
            int exit;
            try {
                exit = schemathesis(appliance.baseUrl(), member, report);
            } finally {
                stopEveryCluster(appliance);
            }
            System.out.println("schemathesis summary:\n" + tail(Files.readString(report), 20));
            assertThat(LocalProcesses.pidsUnder(dataDir)).as("processes of fuzzed clusters left running").isEmpty();
            assertThat(exit).as("schemathesis found failures:\n" + tail(Files.readString(report), 400)).isZero();
        }
    }

    /** A user who is a member (not an admin) of the default workspace, signed in with a password. */
    private static String memberToken(ApplianceProcess appliance) throws IOException, InterruptedException {
        assertThat(appliance.send("POST", "/api/v1/users", ADMIN_TOKEN,
                "{\"username\":\"fuzzer\",\"password\":\"" + MEMBER_PASSWORD + "\"}").statusCode()).isEqualTo(201);
        assertThat(appliance.send("PUT", "/api/v1/workspaces/default/members/fuzzer", ADMIN_TOKEN,
                "{\"role\":\"member\"}").statusCode()).isLessThan(300);
        HttpResponse<String> signIn = appliance.send("POST", "/api/v1/auth/token", ADMIN_TOKEN,
                "{\"username\":\"fuzzer\",\"password\":\"" + MEMBER_PASSWORD + "\",\"tokenName\":\"fuzzing\"}");
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(201);
        return (String) json(signIn.body()).get("token");
    }

    /**
     * Runs schemathesis from the test environment over the whole served document (no route list, so routes added
     * later are fuzzed too). Nothing is excluded; fuzzing/schemathesis.toml says what it adds and why.
     */
    private static int schemathesis(String baseUrl, String token, Path report) throws Exception {
        Path executable = PythonScript.python().getParent().resolve("schemathesis");
        assertThat(executable).as("schemathesis in the test environment (bin/run-tests installs it)").isExecutable();
        Path config = Path.of(ApiFuzzingTest.class.getResource("/fuzzing/schemathesis.toml").toURI());
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--config-file", config.toString(), "run",
                baseUrl + "/api/v1/openapi/flotilla-api-v1.yml", "--url", baseUrl,
                "--checks", "all", "--max-examples", Integer.toString(MAX_EXAMPLES), "--workers", "1",
                "--request-timeout", "60", "--no-color",
                "-H", "Authorization: Bearer " + token));
        if (!SEED.equals("random")) {
            command.addAll(List.of("--seed", SEED));
        }
        // run in the test's temp dir: schemathesis and hypothesis keep their caches in the working directory
        ProcessBuilder builder = new ProcessBuilder(command).directory(report.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(report.toFile());
        builder.environment().put("SCHEMATHESIS_TELEMETRY", "false");
        // the API's rules OpenAPI cannot state (minimum <= maximum, since <= until...): see fuzzing/hooks.py
        builder.environment().put("SCHEMATHESIS_HOOKS", "hooks");
        builder.environment().put("PYTHONPATH", config.getParent().toString());
        Process process = builder.start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("schemathesis did not finish within 20 minutes:\n" + tail(Files.readString(report), 100));
        }
        return process.exitValue();
    }

    /** Stops every cluster of the default workspace (the only one a member can create in) and waits until all ended. */
    @SuppressWarnings("unchecked")
    private static void stopEveryCluster(ApplianceProcess appliance) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            String page = appliance.get("/api/v1/workspaces/default/clusters?finished=false&limit=500", ADMIN_TOKEN).body();
            List<Map<String, Object>> unfinished = (List<Map<String, Object>>) json(page).get("items");
            if (unfinished.isEmpty()) {
                return;
            }
            assertThat(Instant.now()).as("clusters still not finished: " + page).isBefore(deadline);
            for (Map<String, Object> cluster : unfinished) {
                appliance.send("POST", "/api/v1/workspaces/default/clusters/" + cluster.get("name") + "/stop", ADMIN_TOKEN, "{}");
            }
            Thread.sleep(1000);
        }
    }

    /** A JSON object, read by the appliance's own JSON library (fuzzed names and reasons hold any character). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws IOException {
        return JSON.readValue(body, Map.class);
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
