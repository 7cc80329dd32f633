package io.flotilla.api.cluster;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.cluster.ClusterChangeSignal;
import io.flotilla.cluster.ClusterSettings;
import io.flotilla.cluster.agent.AgentTransport;
import io.flotilla.cluster.agent.BootstrapResponse;
import io.flotilla.cluster.agent.BootstrapService;
import io.flotilla.cluster.agent.Heartbeat;
import io.flotilla.cluster.agent.HeartbeatReply;
import io.flotilla.cluster.agent.HeartbeatService;
import io.flotilla.config.ApplianceUrl;
import io.flotilla.error.ServiceException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Routes for cluster instances, not users: the agent's one-time bootstrap and the scheduler plugin's
 * heartbeat. They authenticate with their own bearer tokens (bootstrap token, cluster token), and answer over plain
 * HTTP only to peers on this machine unless IT allows it ({@link AgentTransport}): instances use the HTTPS port.
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
    private final AgentTransport transport;
    private final ApplianceUrl applianceUrl;

    public AgentController(BootstrapService bootstrap, HeartbeatService heartbeats, ClusterChangeSignal changes,
                           ClusterSettings settings, AgentTransport transport, ApplianceUrl applianceUrl) {
        this.bootstrap = bootstrap;
        this.heartbeats = heartbeats;
        this.changes = changes;
        this.settings = settings;
        this.transport = transport;
        this.applianceUrl = applianceUrl;
    }

    /**
     * A worker that boots before its scheduler has reported is held (up to {@code flotilla.clusters.bootstrap-wait})
     * and answered the moment the scheduler reports (at most 20 s), instead of asking again later; after the wait it gets 503
     * {@code scheduler_not_ready} (its token is not spent) and its agent asks again. Over plain HTTP from another
     * machine it is refused with 403 {@code plain_http_refused} before the token is looked at.
     */
    @Post("/bootstrap")
    @Operation(summary = "Exchange a one-time bootstrap token for the instance's role, certificate and settings",
            description = "Answered over HTTPS (the instance port), or over plain HTTP only to a peer on the appliance's own machine;"
                    + " otherwise 403 plain_http_refused, unless flotilla.agent.allow-plain-http is set (unsafe).")
    public BootstrapResponse bootstrap(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                       HttpRequest<?> request) throws InterruptedException {
        requireSafeTransport(AgentTransport.Route.BOOTSTRAP, request);
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
    @Operation(summary = "Scheduler plugin heartbeat; the reply carries the control plane's commands",
            description = "Carries the cluster's token, so like the bootstrap it is refused over plain HTTP from another machine"
                    + " (403 plain_http_refused) unless flotilla.agent.allow-plain-http is set (unsafe).")
    public HeartbeatReply heartbeat(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                    @Body Heartbeat beat, HttpRequest<?> request) {
        requireSafeTransport(AgentTransport.Route.HEARTBEAT, request);
        return heartbeats.receive(bearer(authorization), beat);
    }

    private void requireSafeTransport(AgentTransport.Route route, HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        transport.require(route, request.isSecure(), peer == null ? null : peer.getAddress(), this::instanceUrl);
    }

    /** Where instances should go instead, for a refusal's message; a URL that cannot be made is no reason to fail it. */
    private String instanceUrl() {
        try {
            return applianceUrl.forInstances();
        } catch (RuntimeException e) {
            return "https://<appliance>:<flotilla.instance-tls.port>";
        }
    }

    private static String bearer(@Nullable String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
