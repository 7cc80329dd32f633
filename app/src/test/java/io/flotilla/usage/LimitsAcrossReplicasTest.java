package io.flotilla.usage;

import io.flotilla.testing.ApplianceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two appliance processes on one PostgreSQL (the external mode, as replicas run) decide a workspace's limit
 * together: twenty concurrent creates, spread over both, against a limit that fits five let exactly five through.
 * The engine's task runner is off in both, so the clusters stay pending (what admission counts) and nothing launches.
 */
class LimitsAcrossReplicasTest {
    private static final String ADMIN_TOKEN = "flt_replicas-test-admin-token-0123456789";

    @Test
    void twentyCreatesOverTwoReplicasLetExactlyFiveThrough(@TempDir Path dataDir) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            Map<String, String> env = Map.of(
                    "FLOTILLA_DATA_DIR", dataDir.toString(),
                    "FLOTILLA_ADMIN_TOKEN", ADMIN_TOKEN,
                    "FLOTILLA_TASKS_ENABLED", "false",
                    "FLOTILLA_DATABASE_URL", database.getJdbcUrl("postgres", "postgres"),
                    "FLOTILLA_DATABASE_USER", "postgres",
                    "FLOTILLA_DATABASE_PASSWORD", "");
            try (ApplianceProcess first = ApplianceProcess.start(env, dataDir.resolve("first.out"));
                 ApplianceProcess second = ApplianceProcess.start(env, dataDir.resolve("second.out"))) {
                assertThat(first.send("PUT", "/api/v1/workspaces/default/limits", ADMIN_TOKEN,
                        "{\"maxConcurrentCores\": 10}").statusCode()).isEqualTo(200);
                List<ApplianceProcess> replicas = List.of(first, second);
                ExecutorService pool = Executors.newFixedThreadPool(20);
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<HttpResponse<String>>> replies = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        ApplianceProcess replica = replicas.get(i % 2);
                        String body = "{\"name\": \"r" + i + "\", \"nWorkers\": 0, \"workerCpu\": 2}";
                        replies.add(pool.submit(() -> {
                            go.await();
                            return replica.send("POST", "/api/v1/workspaces/default/clusters", ADMIN_TOKEN, body);
                        }));
                    }
                    go.countDown();
                    int created = 0;
                    int refused = 0;
                    for (Future<HttpResponse<String>> reply : replies) {
                        HttpResponse<String> response = reply.get();
                        if (response.statusCode() == 201) {
                            created++;
                        } else {
                            assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                            assertThat(response.body()).contains("maxConcurrentCores");
                            refused++;
                        }
                    }
                    assertThat(created).isEqualTo(5);
                    assertThat(refused).isEqualTo(15);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(second.get("/api/v1/workspaces/default/clusters?limit=50", ADMIN_TOKEN).body())
                        .contains("\"total\":5");
            }
        }
    }
}
