package io.flotilla.audit;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records every change made through the services, inside the change's own transaction, and every change the
 * engine made in the cloud or on the machine, right after the provider call that made it; lists the record for
 * admins (appliance admins see all; workspace admins see their workspace's).
 */
@Singleton
public class AuditLog {
    private static final int MAX_PAGE = 500;
    private static final int MAX_TEXT = 2048;
    private final AuditEventRepository events;
    private final WorkspaceAccess access;
    private final Clock clock;

    public AuditLog(AuditEventRepository events, WorkspaceAccess access, Clock clock) {
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    /** One change the engine made: its action ({@code security_group.create}), resource ids and a short note. */
    public record EngineEntry(String action, List<String> resources, @Nullable String details) {
    }

    /** Appends one event; call it inside the transaction of the change it describes. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void record(Caller actor, String action, UUID workspaceId, String target, String details) {
        events.save(new AuditEvent(null, clock.instant(), actor == null ? null : actor.userId(),
                actor == null ? MutationCause.SYSTEM : actor.username(), action, workspaceId, target, RequestIds.current(),
                cut(details), AuditEvent.API, null, null, null));
    }

    /**
     * Appends the engine's changes of one provider call, in a transaction of their own (also when called inside
     * another one, so that a caller's rollback cannot erase what happened in the cloud).
     *
     * @param cloudAccount the account the call went to ({@code local} for this machine)
     * @param target       what the change was for, e.g. the cluster's name
     */
    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
    public void recordEngine(MutationCause cause, String cloudAccount, @Nullable UUID workspaceId, @Nullable String target,
                             List<EngineEntry> entries) {
        Instant at = clock.instant();
        for (EngineEntry entry : entries) {
            events.save(new AuditEvent(null, at, cause.actorId(), cause.actorName(), entry.action(), workspaceId,
                    target, RequestIds.currentOrNull(), cut(entry.details()), AuditEvent.ENGINE, cloudAccount,
                    cut(cause.reason()), cut(String.join(",", entry.resources()))));
        }
    }

    /** Events of the whole appliance (appliance admins only), newest first. */
    @Transactional(readOnly = true)
    public List<AuditEvent> list(Caller caller, AuditFilter filter, Long beforeId, int limit) {
        if (!caller.applianceAdmin()) {
            throw ServiceException.forbidden("Only appliance administrators can read the appliance-wide audit log.");
        }
        return page(null, filter, beforeId, limit);
    }

    /** Events of one workspace (its admins and appliance admins), newest first. */
    @Transactional(readOnly = true)
    public List<AuditEvent> listWorkspace(Caller caller, String workspace, AuditFilter filter, Long beforeId, int limit) {
        UUID workspaceId = access.requireAdmin(caller, workspace).workspace().id();
        return page(workspaceId, filter, beforeId, limit);
    }

    private List<AuditEvent> page(UUID workspaceId, AuditFilter filter, Long beforeId, int limit) {
        AuditFilter f = filter == null ? AuditFilter.ALL : filter;
        return events.page(workspaceId, beforeId, f.actionPattern(), f.target(), f.kind(), clamp(limit));
    }

    private static String cut(String text) {
        return text == null ? null : text.substring(0, Math.min(text.length(), MAX_TEXT));
    }

    private static int clamp(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ServiceException.invalid("limit", "The limit must be between 1 and " + MAX_PAGE + ".");
        }
        return limit;
    }
}
