package io.flotilla.usage.notices;

import java.util.UUID;

/** A notice to POST to a workspace's webhook once the transaction that produced it commits. */
public record WebhookDue(UUID workspaceId, String url, WebhookPayload payload) {
}
