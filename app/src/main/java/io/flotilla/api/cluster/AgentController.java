package io.flotilla.api.cluster;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.cluster.ClusterChangeSignal;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.agent.BootstrapResponse;
import io.flotilla.cluster.agent.BootstrapService;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.cluster.agent.HeartbeatReply;
import io.flotilla.cluster.agent.HeartbeatService;
import io.flotilla.error.ServiceException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Duration;
import java.util.Optional;

/**
 * Routes for cluster instances, not users: the agent's one-time bootstrap and the scheduler plugin's
 * heartbeat. They authenticate with their own bearer tokens (bootstrap token, cluster token).
 */
@Controller("/api/v1/agent")
@Tag(name = "agent")
@DocumentedErrors
public class AgentController {
    /** The longest a bootstrap request is held, whatever the setting: agents wait 30 s for an answer. */
    static final Duration MAX_BOOTSTRAP_WAIT = Duration.ofSeconds(20);
    private final BootstrapService bootstrap;
    private final HeartbeatService heartbeats;
    private final ClusterChangeSignal changes;
    private final ClusterSettings settings;

    public AgentController(BootstrapService bootstrap, HeartbeatService heartbeats, ClusterChangeSignal changes,
                           ClusterSettings settings) {
        this.bootstrap = bootstrap;
        this.heartbeats = heartbeats;
        this.changes = changes;
        this.settings = settings;
    }

    /**
     * A worker that boots before its scheduler has reported is held (up to {@code flotilla.clusters.bootstrap-wait})
     * and answered the moment the scheduler reports (at most 20 s), instead of asking again later; after the wait it gets 503
     * {@code scheduler_not_ready} (its token is not spent) and its agent asks again.
     */
    @Post("/bootstrap")
    @Operation(summary = "Exchange a one-time bootstrap token for the instance's role, certificate and settings")
    public BootstrapResponse bootstrap(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization)
            throws InterruptedException {
        String token = bearer(authorization);
        Duration wait = settings.getBootstrapWait().compareTo(MAX_BOOTSTRAP_WAIT) > 0 ? MAX_BOOTSTRAP_WAIT : settings.getBootstrapWait();
        Optional<BootstrapResponse> answer = changes.lookUntil(wait, () -> bootstrapUnlessNotReady(token), Optional::isPresent);
        return answer.isPresent() ? answer.get() : bootstrap.bootstrap(token); // still not ready: the 503 itself
    }

    /** The bootstrap answer, or empty while the instance's scheduler has not reported (its token is not spent). */
    private Optional<BootstrapResponse> bootstrapUnlessNotReady(String token) {
        try {
            return Optional.of(bootstrap.bootstrap(token));
        } catch (ServiceException e) {
            if (BootstrapService.SCHEDULER_NOT_READY.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Post("/heartbeat")
    @Operation(summary = "Scheduler plugin heartbeat; the reply carries the control plane's commands")
    public HeartbeatReply heartbeat(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                    @Body Heartbeat beat) {
        return heartbeats.receive(bearer(authorization), beat);
    }

    private static String bearer(@Nullable String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
