package io.flotilla.usage;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.MeteredHistory;
import io.flotilla.testing.PythonScript;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client and the CLI against a real appliance with metered history of two users: flotilla.usage() returns
 * the REST report's rows (every page), as a DataFrame too; flotilla.limits() the REST limits; a create near a limit
 * gives one UsageWarning per sentence of the cluster's usageWarnings; {@code flotilla usage} prints the rows and
 * {@code --csv} the appliance's CSV; {@code flotilla limits} shows the limits, lets an admin set them and refuses a
 * member with the appliance's sentence.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageClientEndToEndTest extends AppTestProperties {
    private static final String USAGE = "/api/v1/workspaces/default/usage";
    private static final String LIMITS = "/api/v1/workspaces/default/limits";
    private static final String MEMBER = "usage-member";
    @Inject
    EmbeddedServer server;
    @Inject
    MeteredHistory history;
    @Inject
    JsonMapper json;
    @Inject
    @Client("/")
    HttpClient client;
    private Api admin;
    private String memberToken;
    private String since;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.local.python", PythonScript.python().toString(),
                "flotilla.clusters.heartbeat-interval", "1s", "flotilla.clusters.stop-grace", "5s");
    }

    @BeforeAll
    void setUp() throws Exception {
        admin = new Api(client, ADMIN_TOKEN);
        String password = "correct-horse-battery-" + MEMBER;
        assertThat(admin.post("/api/v1/users", Map.of("username", MEMBER, "password", password)).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/members/" + MEMBER, Map.of("role", "member")).status()).isLessThan(300);
        memberToken = admin.as(null).post("/api/v1/auth/token", Map.of("username", MEMBER, "password", password,
                "tokenName", "usage-cli")).json().get("token").toString();
        Instant now = Instant.now();
        Instant monthStart = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = now.minusSeconds(60);
        Instant start = end.minus(Duration.ofHours(3)).isBefore(monthStart) ? monthStart : end.minus(Duration.ofHours(3));
        history.ran("default", "admin", "etl", 2, 4, 0, start, end);
        history.ran("default", MEMBER, "train", 1, 8, 1, start, end);
        for (int i = 0; i < 120; i++) { // more clusters than one page of the client's reads
            history.ran("default", "admin", "batch-" + i, 1, 1, 0, start, end);
        }
        since = monthStart.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePythonClientReturnsTheReportsRowsTheLimitsAndWarnsOnCreate() throws Exception {
        // 85 % of the GPU budget used by history alone: a warning whose sentence does not change while clusters run
        Map<String, Object> limitsBefore = admin.get(LIMITS).json();
        double gpuUsed = ((Number) ((Map<String, Object>) limitsBefore.get("use")).get("gpuHoursThisMonth")).doubleValue();
        assertThat(gpuUsed).as("the member's history used GPUs").isPositive();
        double budget = Math.round(gpuUsed / 0.85 * 100) / 100.0;
        assertThat(admin.put(LIMITS, limitsBody(null, budget, null, null, false)).status()).isEqualTo(200);

        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/usage_client.py").toAbsolutePath(),
                withSince(env(ADMIN_TOKEN)), 600, dataDir().resolve("usage-client.out"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String line = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        Map<String, Object> report = json.readValue(line.substring("E2E-REPORT ".length()), Argument.mapOf(String.class, Object.class));

        assertThat(report.get("by_user")).isEqualTo(allItems("by=user&since=" + since));
        List<Object> byCluster = (List<Object>) report.get("by_cluster");
        assertThat(byCluster).hasSizeGreaterThan(122).isEqualTo(allItems("by=cluster&since=" + since));
        assertThat(report.get("by_day_of_member")).isEqualTo(allItems("by=day&user=" + MEMBER + "&since=" + since));
        Map<String, Object> frame = (Map<String, Object>) report.get("frame");
        assertThat(frame.get("type")).isEqualTo("DataFrame");
        assertThat(frame.get("keys")).isEqualTo(((List<Map<String, Object>>) report.get("by_user")).stream().map(r -> r.get("key")).toList());
        assertThat(frame.get("vcpu_hours"))
                .isEqualTo(((List<Map<String, Object>>) report.get("by_user")).stream().map(r -> r.get("vcpuHours")).toList());
        Map<String, Object> limits = (Map<String, Object>) report.get("limits");
        assertThat(((Number) limits.get("gpuHoursPerMonth")).doubleValue()).isEqualTo(budget);
        assertThat(limits.get("canEdit")).isEqualTo(true);
        assertThat((List<Map<String, Object>>) limits.get("warnings")).extracting(w -> w.get("limit"), w -> w.get("level"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpuHoursPerMonth", "warning"));

        List<String> sentences = (List<String>) admin.get("/api/v1/workspaces/default/clusters/warned").json().get("usageWarnings");
        assertThat(sentences).hasSize(1).allMatch(w -> w.contains("(gpuHoursPerMonth)"));
        assertThat(report.get("usage_warnings")).as("one UsageWarning per sentence").isEqualTo(sentences);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCliPrintsTheReportTheCsvAndChangesLimitsForAdminsOnly() throws Exception {
        CliRun table = cli(ADMIN_TOKEN, "usage", "--by", "user", "--since", since);
        assertThat(table.exit()).as(table.out()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).startsWith("USER", "VCPU-HOURS", "GPU-HOURS", "INSTANCE-HOURS");
        for (Map<String, Object> row : (List<Map<String, Object>>) (List<?>) allItems("by=user&since=" + since)) {
            assertThat(lines).anyMatch(l -> l.startsWith(row.get("key") + " ")
                    && l.contains(String.format(java.util.Locale.ROOT, "%.2f", ((Number) row.get("vcpuHours")).doubleValue())));
        }
        assertThat(lines.get(lines.size() - 1)).contains(admin.get(USAGE + "?by=user").json().get("costLabel").toString());

        CliRun csv = cli(ADMIN_TOKEN, "usage", "--by", "cluster", "--since", since, "--csv");
        assertThat(csv.exit()).as(csv.out()).isZero();
        Api.TextReply served = admin.text(HttpMethod.GET, USAGE + "?by=cluster&format=csv&limit=1000&since=" + since, null);
        assertThat(csv.out().lines().toList()).isEqualTo(served.body().lines().toList());
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .isEqualTo("key,user,cluster,day,month,vcpu_hours,gpu_hours,instance_hours,estimated_cost_usd");
        assertThat(csv.out().lines().count()).isEqualTo(1 + allItems("by=cluster&since=" + since).size()).isGreaterThan(122);

        CliRun set = cli(ADMIN_TOKEN, "limits", "--set-max-cores", "64", "--set-cpu-hours", "none", "--stop-at-budget");
        assertThat(set.exit()).as(set.out()).isZero();
        Map<String, Object> now = admin.get(LIMITS).json();
        assertThat(now.get("maxConcurrentCores")).isEqualTo(64);
        assertThat(now.get("cpuHoursPerMonth")).isNull();
        assertThat(now.get("stopAtBudget")).isEqualTo(true);
        assertThat(set.out()).contains("Updated the limits of workspace default.").contains("Stop clusters at budget: yes");

        CliRun shown = cli(memberToken, "limits");
        assertThat(shown.exit()).as(shown.out()).isZero();
        assertThat(shown.out()).contains("Max concurrent cores").contains("64");
        CliRun refused = cli(memberToken, "limits", "--set-max-cores", "1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).startsWith("Error: ").doesNotContain("Traceback");
        assertThat(admin.get(LIMITS).json().get("maxConcurrentCores")).isEqualTo(64);
        assertThat(admin.put(LIMITS, limitsBody(null, null, null, null, false)).status()).isEqualTo(200);
    }

    /** Every item of the report, read page by page as a REST client would. */
    private List<Object> allItems(String query) {
        List<Object> items = new ArrayList<>();
        while (true) {
            Map<String, Object> page = admin.get(USAGE + "?" + query + "&limit=50&offset=" + items.size()).json();
            List<?> got = (List<?>) page.get("items");
            items.addAll(got);
            if (got.isEmpty() || items.size() >= ((Number) page.get("total")).intValue()) {
                return items;
            }
        }
    }

    private static Map<String, Object> limitsBody(Double cpu, Double gpu, Integer cores, Integer clusters, boolean stop) {
        Map<String, Object> body = new HashMap<>();
        body.put("cpuHoursPerMonth", cpu);
        body.put("gpuHoursPerMonth", gpu);
        body.put("maxConcurrentCores", cores);
        body.put("maxClustersPerUser", clusters);
        body.put("stopAtBudget", stop);
        return body;
    }

    private record CliRun(int exit, String out) {
    }

    private CliRun cli(String token, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PythonScript.python().toString(), "-m", "flotilla.cli"));
        argv.addAll(List.of(args));
        ProcessBuilder command = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        command.environment().putAll(env(token));
        Process cli = command.start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliRun(cli.exitValue(), out);
    }

    private Map<String, String> withSince(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("E2E_SINCE", since);
        return all;
    }

    private Map<String, String> env(String token) {
        return Map.of("FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", token,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString());
    }
}
