package io.flotilla.provider.gcp.e2e;

import com.google.cloud.compute.v1.Instance;
import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.TestWheelhouse;
import io.flotilla.provider.gcp.FakeComputeEngine;
import io.flotilla.provider.gcp.GceComputeProvider;
import io.flotilla.provider.gcp.GceLabels;
import io.flotilla.provider.gcp.GceStartupScript;
import io.flotilla.provider.gcp.GcpCallListener;
import io.flotilla.provider.gcp.GcpCallPermissions;
import io.flotilla.provider.gcp.iam.GcpGrant;
import io.flotilla.provider.gcp.iam.GcpPermissionManifest;
import io.flotilla.provider.gcp.logging.FakeCloudLogging;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.DatabaseDump;
import io.flotilla.testing.LogCapture;
import io.flotilla.testing.PythonScript;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue #12's end to end, against the fakes: an admin registers a {@code gcp} account (the appliance's own service
 * account) and binds the workspace to it; from Python a user starts a 2-worker spot_with_fallback cluster, computes,
 * has the workers see the Google token the client forwarded from the user's (fake) ADC, scales to 3 and reads the
 * logs the agents shipped to the Cloud Logging fake back through the client and REST. Then the test preempts a Spot
 * worker as Compute Engine does (notice on its metadata server, then the delete): the appliance records the reason
 * and a replacement joins. The user closes the cluster. Instances are provisioned purely through Compute calls to
 * {@link FakeComputeEngine}; {@link GceVmPlayer} plays the VMs from their startup scripts with the real agent and
 * real Dask. Afterwards nothing of the cluster is left in the fake, no metadata holds more than its one-time
 * token, the canary is in no database dump, appliance log or metadata, and every Compute call made is covered by
 * the ongoing role (or the worker service account's grant).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpClusterEndToEndTest extends AppTestProperties {
    static final String PROJECT = "flotilla-e2e";
    static final List<String> ZONES = List.of("europe-west4-a", "europe-west4-b");
    static final FakeComputeEngine COMPUTE = FakeComputeEngine.start(PROJECT, "europe-west4", ZONES);
    static final FakeCloudLogging LOGGING = startLogging();
    private static final String CANARY = "ya29.canary-" + UUID.randomUUID().toString().replace("-", "");
    private static final String WORKER_SA = "flotilla-worker@" + PROJECT + ".iam.gserviceaccount.com";
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ApplianceId applianceId;
    @Inject
    RecordedCalls recorded;
    @Property(name = "datasources.default.url")
    String jdbcUrl;
    private GceVmPlayer vms;
    private final LogCapture logs = new LogCapture();

    private static FakeCloudLogging startLogging() {
        try {
            return FakeCloudLogging.onLoopback().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        COMPUTE.addresses("127.65.1.");
        return Map.of("flotilla.agent.install.wheelhouse", TestWheelhouse.dir().toString(),
                "flotilla.gcp.compute-endpoint", COMPUTE.endpoint(),
                "flotilla.gcp.logging-endpoint", "127.0.0.1:" + LOGGING.port(),
                "flotilla.test.gcp-e2e-calls", "true",
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s");
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        if (vms != null) {
            vms.close();
        }
        logs.close();
        COMPUTE.close();
        LOGGING.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void registerComputeScalePreemptReadLogsAndStopOnComputeEngine() throws Exception {
        Api admin = new Api(client, ADMIN_TOKEN);
        Api.Reply registered = admin.post("/api/v1/cloud-accounts", Map.of("name", "fake-gcp", "provider", "gcp",
                "region", "europe-west4", "project", PROJECT, "zones", ZONES, "workerServiceAccount", WORKER_SA,
                "credentials", Map.of("mode", "attached_service_account")));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "fake-gcp")).status()).isEqualTo(200);

        vms = new GceVmPlayer(dataDir().resolve("vms"), Map.of("FLOTILLA_AGENT_CONNECT_RETRIES", "60")).start(COMPUTE);
        Path handshake = Files.createDirectories(dataDir().resolve("handshake"));
        Path output = dataDir().resolve("gcp-e2e.out");
        CompletableFuture<PythonScript.Result> script = CompletableFuture.supplyAsync(() -> {
            try {
                return PythonScript.run(Path.of("src/test/resources/e2e/gcp_cluster.py").toAbsolutePath(), Map.of(
                        "FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(),
                        "FLOTILLA_TOKEN", ADMIN_TOKEN,
                        "FLOTILLA_WORKSPACE", "default",
                        "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString(),
                        "GCP_CANARY_TOKEN", CANARY,
                        "E2E_HANDSHAKE", handshake.toString()), 900, output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });

        // ---- halfway: the cluster runs 3 workers; preempt one Spot worker as Compute Engine does
        Path ready = handshake.resolve("ready.json");
        await(() -> Files.exists(ready) || script.isDone(), Duration.ofMinutes(10), "the script's E2E-READY", output);
        if (!Files.exists(ready)) {
            PythonScript.Result early = script.join();
            fail("the script ended before its E2E-READY (exit " + early.exitCode() + "):\n" + early.output()
                    + "\nVM problems: " + vms.problems() + "\n" + consoles());
        }
        Map<String, Object> cluster = admin.get("/api/v1/workspaces/default/clusters/gcp-e2e").json();
        String clusterId = cluster.get("id").toString();
        assertThat(cluster).containsEntry("provider", "gcp");

        Api.Reply restLogs = admin.get("/api/v1/workspaces/default/clusters/gcp-e2e/logs?role=scheduler");
        assertThat(restLogs.status()).as("logs through REST: " + restLogs.body()).isEqualTo(200);
        assertThat(restLogs.body().toString()).as("the scheduler's log, read back from Cloud Logging through REST")
                .contains("Scheduler at");
        assertThat(LOGGING.listRequests()).as("the appliance read the Logging fake").isNotEmpty();
        assertThat(LOGGING.entries()).as("entries the agents wrote carry the cluster's label")
                .anyMatch(e -> clusterId.equals(e.getLabelsMap().get(GceLabels.key(ResourceTags.CLUSTER))));

        Instance victim = workers(clusterId).stream().filter(i -> "SPOT".equals(i.getScheduling().getProvisioningModel()))
                .findFirst().orElseThrow(() -> new AssertionError("spot_with_fallback launched no Spot worker: " + workers(clusterId)));
        assertThat(victim.getScheduling().getInstanceTerminationAction()).isEqualTo("DELETE");
        vms.announcePreemption(victim.getName());
        await(() -> console(victim.getName()).contains("Closing worker gracefully") && console(victim.getName()).contains("Reason: gce-spot-preempted"), Duration.ofSeconds(90),
                "the worker on " + victim.getName() + " saw instance/preempted TRUE and retired", output);
        COMPUTE.preempt(victim.getName());
        await(() -> events().stream().anyMatch(e -> String.valueOf(e.get("message")).contains(GceComputeProvider.PREEMPTED_REASON)),
                Duration.ofSeconds(120), "an event with the preemption's reason", output);
        await(() -> workers(clusterId).stream().filter(i -> !i.getName().equals(victim.getName())).count() >= 3,
                Duration.ofSeconds(180), "a replacement worker launched", output);
        Files.writeString(handshake.resolve("proceed"), "go");

        PythonScript.Result result = script.get(10, TimeUnit.MINUTES);
        assertThat(result.exitCode()).as(result.output() + "\nVM problems: " + vms.problems() + "\n" + consoles()).isZero();
        Map<String, Object> report = report(result.output());

        double sum = ((Number) report.get("sum")).doubleValue();
        assertThat(Math.abs(sum - 5e7) / 5e7).as("sum of 10^8 uniform randoms").isLessThan(0.01);
        assertThat(report.get("address").toString()).as("the scheduler listens on its instance's address").startsWith("tls://127.65.");
        assertThat(report).containsEntry("workers_after_scale", 3);
        Map<String, Object> google = (Map<String, Object>) report.get("worker_google");
        assertThat(google).as("every worker's google.auth.default() is the user's forwarded token").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy((worker, view) -> assertThat((Map<String, Object>) view)
                        .containsEntry("canary", true).containsEntry("project", "user-data-project"));
        assertThat(report).as("logs read back through the client").doesNotContainKey("log_error");
        assertThat((List<Object>) report.get("log_keys")).contains("Scheduler").hasSizeGreaterThanOrEqualTo(4);
        assertThat(report.get("scheduler_log").toString()).contains("Scheduler at");
        List<Object> before = (List<Object>) report.get("workers_before_preemption");
        List<Object> after = (List<Object>) report.get("workers_after_preemption");
        assertThat(after).as("three workers again after the preemption, one of them new").hasSize(3).isNotEqualTo(before);
        assertThat(((Number) report.get("sum_after_preemption")).doubleValue()).isPositive();

        Map<String, Object> stopped = admin.awaitClusterState("default", "gcp-e2e", "stopped", Duration.ofSeconds(120));
        assertThat(stopped).containsEntry("reason", "user request");
        await(() -> COMPUTE.instances().stream().noneMatch(i -> ofCluster(i, clusterId)), Duration.ofSeconds(60),
                "no instance of the cluster is left", output);
        assertThat(COMPUTE.firewalls()).as("no firewall rule of the cluster is left").isEmpty();

        Map<String, Map<String, String>> metadata = vms.metadata();
        assertThat(metadata).as("scheduler + 3 workers + the replacement were played").hasSizeGreaterThanOrEqualTo(5);
        Pattern token = Pattern.compile("^FLOTILLA_AGENT_TOKEN=([A-Za-z0-9_-]+)$", Pattern.MULTILINE);
        Set<String> bootstrapTokens = new TreeSet<>();
        metadata.forEach((name, items) -> {
            assertThat(items.keySet()).as("metadata keys of " + name).containsExactly(GceStartupScript.METADATA_KEY);
            String script1 = items.get(GceStartupScript.METADATA_KEY);
            Matcher matcher = token.matcher(script1);
            assertThat(matcher.find()).as("the startup script of " + name + " hands over a bootstrap token").isTrue();
            bootstrapTokens.add(matcher.group(1));
            String rest = script1.replace(matcher.group(1), "<token>");
            assertThat(token.matcher(script1).results().count()).as("one token in " + name).isEqualTo(1);
            assertThat(rest).as("metadata of " + name + ": nothing secret but the one-time token")
                    .doesNotContain(CANARY, "ya29.", "BEGIN", "PRIVATE KEY", "private_key", "client_secret", "refresh_token",
                            "Authorization: Bearer ey", "password", "AKIA");
            assertThat(rest).contains("FLOTILLA_AGENT_URL=https://").contains(GceStartupScript.INSTALL_SCRIPT_PATH)
                    .contains("--pinnedpubkey");
            assertThat(console(name)).as("console of " + name + ": the real boot path")
                    .contains("flotilla-install: downloaded").contains("started flotilla-agent.service")
                    .contains("as flotilla: /opt/flotilla/venv/bin/python -m flotilla.agent");
        });
        assertThat(bootstrapTokens).as("a token per instance").hasSize(metadata.size());

        String dump = DatabaseDump.of(jdbcUrl);
        assertThat(dump).contains("gcp-e2e");
        assertThat(dump).as("database dump").doesNotContain(CANARY);
        assertThat(dump.toLowerCase()).doesNotContain(DatabaseDump.hex(CANARY));
        String applianceLog = logs.text();
        assertThat(applianceLog).as("the capture sees the appliance's log lines").contains("Cluster gcp-e2e (" + clusterId + "): running");
        assertThat(applianceLog).as("appliance log").doesNotContain(CANARY);
        assertThat(LOGGING.entries().toString()).as("shipped logs").doesNotContain(CANARY);

        assertRoleCoversEveryCall();
    }

    /** Every Compute call the fake answered (and the provider's listener saw) needs only what the manifest grants. */
    private void assertRoleCoversEveryCall() {
        Set<String> granted = new TreeSet<>(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        granted.addAll(GcpPermissionManifest.permissions(GcpGrant.WORKER_SERVICE_ACCOUNT));
        List<String> calls = new ArrayList<>();
        COMPUTE.calls().forEach(c -> calls.add(c.method() + " " + c.path()));
        assertThat(recorded.calls).as("the provider's listener saw its calls").isNotEmpty();
        calls.addAll(recorded.calls);
        Set<String> missing = new TreeSet<>();
        for (String call : calls) {
            String[] parts = call.split(" ", 2);
            for (String permission : GcpCallPermissions.forCall(parts[0], parts[1])) {
                if (!granted.contains(permission)) {
                    missing.add(permission + " (for " + call + ")");
                }
            }
        }
        assertThat(missing).as("permissions the suite's calls needed that the ongoing role lacks").isEmpty();
        assertThat(granted).as("reading the logs back").contains("logging.logEntries.list");
        assertThat(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE)).as("actAs only on the worker service account")
                .doesNotContain("iam.serviceAccounts.actAs");
    }

    private List<Instance> workers(String clusterId) {
        return COMPUTE.instances().stream().filter(i -> ofCluster(i, clusterId))
                .filter(i -> "worker".equals(i.getLabelsMap().get(GceLabels.key(ResourceTags.ROLE)))).toList();
    }

    private static boolean ofCluster(Instance instance, String clusterId) {
        return clusterId.equals(instance.getLabelsMap().get(GceLabels.key(ResourceTags.CLUSTER)));
    }

    private List<Map<String, Object>> events() {
        return new Api(client, ADMIN_TOKEN).get("/api/v1/workspaces/default/clusters/gcp-e2e/events").list();
    }

    private String console(String name) {
        try {
            return vms.console(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void await(BooleanSupplier condition, Duration timeout, String what, Path output) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what + "\nscript output:\n" + (Files.exists(output) ? Files.readString(output) : "")
                        + "\nVM problems: " + vms.problems() + "\nevents: " + events() + "\n" + consoles());
            }
            Thread.sleep(250);
        }
    }

    private String consoles() {
        StringBuilder text = new StringBuilder();
        for (String name : new TreeSet<>(vms.metadata().keySet())) {
            String console = console(name);
            text.append("---- VM ").append(name).append(" ----\n").append(console, Math.max(0, console.length() - 3000), console.length()).append('\n');
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        return (Map<String, Object>) io.micronaut.serde.ObjectMapper.getDefault().readValue(line.substring(11), Map.class);
    }

    /** Records the provider's Compute calls (what the role check reads). */
    @Singleton
    @Requires(property = "flotilla.test.gcp-e2e-calls", value = "true")
    static class RecordedCalls implements GcpCallListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onCall(String httpMethod, String path, String rpcMethod) {
            calls.add(httpMethod + " " + path);
        }
    }
}
