package io.flotilla.api.cluster;

import io.flotilla.cluster.ClusterStatus;
import io.flotilla.cluster.ClusterTarget;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.HandMadeClusters;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET …/clusters?status=} filters on the state a cluster shows, not on its row's status: for every
 * (status, target) pair, the row is listed by the filter of its displayed state and by no other, and
 * {@code finished=true|false} splits them into stopped/failed and the rest.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterStateFilterApiTest extends AppTestProperties {
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    /** The displayed state of every (status, target) pair, written out here independently of ClusterState. */
    private static final Map<String, String> DISPLAYED = new LinkedHashMap<>();

    static {
        DISPLAYED.put("PENDING:RUNNING", "pending");
        DISPLAYED.put("PENDING:STOPPED", "stopping");
        DISPLAYED.put("STARTING:RUNNING", "starting");
        DISPLAYED.put("STARTING:STOPPED", "stopping");
        DISPLAYED.put("RUNNING:RUNNING", "running");
        DISPLAYED.put("RUNNING:STOPPED", "stopping");
        DISPLAYED.put("STOPPING:RUNNING", "stopping");
        DISPLAYED.put("STOPPING:STOPPED", "stopping");
        DISPLAYED.put("STOPPED:RUNNING", "stopped");
        DISPLAYED.put("STOPPED:STOPPED", "stopped");
        DISPLAYED.put("FAILED:RUNNING", "failed");
        DISPLAYED.put("FAILED:STOPPED", "failed");
    }

    private static final List<String> STATES = List.of("pending", "starting", "running", "stopping", "stopped", "failed");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    HandMadeClusters rows;

    @Override
    protected Map<String, String> extraProperties() {
        // no reconciler: it would move these hand-made rows on
        return Map.of("flotilla.tasks.enabled", "false");
    }

    @BeforeAll
    void everyPairOnce() {
        assertThat(DISPLAYED).as("the table covers every pair").hasSize(ClusterStatus.values().length * ClusterTarget.values().length);
        for (ClusterStatus status : ClusterStatus.values()) {
            for (ClusterTarget target : ClusterTarget.values()) {
                rows.withRow("local", "default", name(status + ":" + target), 0, status, target);
            }
        }
    }

    @Test
    void eachRowIsListedByItsDisplayedStateOnly() {
        Api admin = new Api(client, ADMIN_TOKEN);
        for (String state : STATES) {
            Set<String> listed = names(admin.get(CLUSTERS + "?limit=500&status=" + state));
            Set<String> expected = DISPLAYED.entrySet().stream().filter(e -> e.getValue().equals(state))
                    .map(e -> name(e.getKey())).collect(Collectors.toSet());
            assertThat(listed).as("?status=" + state).isEqualTo(expected);
        }
    }

    @Test
    void theViewShowsTheSameStateAndWhetherItIsActiveOrFinished() {
        Api admin = new Api(client, ADMIN_TOKEN);
        for (Map.Entry<String, String> pair : DISPLAYED.entrySet()) {
            Map<String, Object> view = admin.get(CLUSTERS + "/" + name(pair.getKey())).json();
            String state = pair.getValue();
            assertThat(view).as(pair.getKey()).containsEntry("state", state)
                    .containsEntry("active", Set.of("pending", "starting", "running").contains(state))
                    .containsEntry("finished", Set.of("stopped", "failed").contains(state));
        }
    }

    @Test
    void finishedSplitsStoppedAndFailedFromTheRest() {
        Api admin = new Api(client, ADMIN_TOKEN);
        Set<String> finished = DISPLAYED.entrySet().stream().filter(e -> Set.of("stopped", "failed").contains(e.getValue()))
                .map(e -> name(e.getKey())).collect(Collectors.toSet());
        Set<String> others = DISPLAYED.keySet().stream().map(ClusterStateFilterApiTest::name)
                .filter(n -> !finished.contains(n)).collect(Collectors.toSet());
        assertThat(names(admin.get(CLUSTERS + "?limit=500&finished=true"))).isEqualTo(finished);
        assertThat(names(admin.get(CLUSTERS + "?limit=500&finished=false"))).isEqualTo(others);
        assertThat(names(admin.get(CLUSTERS + "?limit=500&finished=true&status=running"))).as("no running cluster is finished").isEmpty();
        Api.Reply page = admin.get(CLUSTERS + "?limit=500&finished=false&status=stopping");
        assertThat(names(page)).hasSize(5);
        assertThat(((Number) page.json().get("total")).longValue()).isEqualTo(5);
    }

    private static String name(String pair) {
        return "c-" + pair.toLowerCase(Locale.ROOT).replace(':', '-');
    }

    @SuppressWarnings("unchecked")
    private static Set<String> names(Api.Reply reply) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return ((List<Map<String, Object>>) reply.json().get("items")).stream().map(c -> (String) c.get("name"))
                .collect(Collectors.toSet());
    }
}
