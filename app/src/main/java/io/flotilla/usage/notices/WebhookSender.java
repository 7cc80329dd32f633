package io.flotilla.usage.notices;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * Sends due webhook notices after their transaction committed, on the I/O executor: a heartbeat never waits for a
 * receiver. A notice whose workspace has no secret (cleared meanwhile) or whose every attempt failed is logged.
 */
@Singleton
public class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private final WebhookSecrets secrets;
    private final WebhookClient client;
    private final JsonMapper json;
    private final ExecutorService executor;
    private final Clock clock;

    public WebhookSender(WebhookSecrets secrets, WebhookClient client, JsonMapper json,
                         @Named(TaskExecutors.IO) ExecutorService executor, Clock clock) {
        this.secrets = secrets;
        this.client = client;
        this.json = json;
        this.executor = executor;
        this.clock = clock;
    }

    @TransactionalEventListener
    void onDue(WebhookDue due) {
        // a fresh context: the heartbeat's (its request, its closed connection) must not follow the notice
        executor.execute(PropagatedContext.empty().wrap(() -> send(due)));
    }

    private void send(WebhookDue due) {
        try {
            String secret = secrets.current(due.workspaceId()).orElse(null);
            if (secret == null) {
                LOG.warn("Workspace {} has no webhook secret; its {} notice is not sent", due.workspaceId(),
                        due.payload().event());
                return;
            }
            String body = json.writeValueAsString(due.payload());
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            client.post(URI.create(due.url()), body, timestamp, WebhookSignature.sign(secret, timestamp, body));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The {} notice of workspace {} was not delivered to its webhook: {}", due.payload().event(),
                    due.workspaceId(), e.getMessage());
        }
    }
}
