package io.flotilla.audit;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Records every change made through the services, inside the change's own transaction, and lists the
 * record for admins (appliance admins see all; workspace admins see their workspace's).
 */
@Singleton
public class AuditLog {
    private static final int MAX_PAGE = 500;
    private final AuditEventRepository events;
    private final WorkspaceAccess access;
    private final Clock clock;

    public AuditLog(AuditEventRepository events, WorkspaceAccess access, Clock clock) {
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    /** Appends one event; call it inside the transaction of the change it describes. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void record(Caller actor, String action, UUID workspaceId, String target, String details) {
        events.save(new AuditEvent(null, clock.instant(), actor == null ? null : actor.userId(),
                actor == null ? "system" : actor.username(), action, workspaceId, target, RequestIds.current(),
                details == null ? null : details.substring(0, Math.min(details.length(), 2048))));
    }

    /** Events of the whole appliance (appliance admins only), newest first. */
    @Transactional(readOnly = true)
    public List<AuditEvent> list(Caller caller, Long beforeId, int limit) {
        if (!caller.applianceAdmin()) {
            throw ServiceException.forbidden("Only appliance administrators can read the appliance-wide audit log.");
        }
        return events.page(null, beforeId, clamp(limit));
    }

    /** Events of one workspace (its admins and appliance admins), newest first. */
    @Transactional(readOnly = true)
    public List<AuditEvent> listWorkspace(Caller caller, String workspace, Long beforeId, int limit) {
        UUID workspaceId = access.requireAdmin(caller, workspace).workspace().id();
        return events.page(workspaceId, beforeId, clamp(limit));
    }

    private static int clamp(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ServiceException.invalid("limit", "The limit must be between 1 and " + MAX_PAGE + ".");
        }
        return limit;
    }
}
