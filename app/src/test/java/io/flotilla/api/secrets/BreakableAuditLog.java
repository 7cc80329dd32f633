package io.flotilla.api.secrets;

import io.flotilla.audit.AuditEventRepository;
import io.flotilla.audit.AuditLog;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.UUID;

/**
 * Test double: an audit log that fails when the target is the name in {@code flotilla.test.audit-breaks-for},
 * to break a change after its earlier steps ran. Active only in tests that set that property.
 */
@Singleton
@Replaces(AuditLog.class)
@Requires(property = BreakableAuditLog.PROPERTY)
class BreakableAuditLog extends AuditLog {
    static final String PROPERTY = "flotilla.test.audit-breaks-for";
    private final String breaksFor;

    BreakableAuditLog(AuditEventRepository events, WorkspaceAccess access, Clock clock,
                      @Property(name = PROPERTY) String breaksFor) {
        super(events, access, clock);
        this.breaksFor = breaksFor;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void record(Caller actor, String action, UUID workspaceId, String target, String details) {
        if (breaksFor.equals(target)) {
            throw new IllegalStateException("audit log broken on purpose by the test");
        }
        super.record(actor, action, workspaceId, target, details);
    }
}
