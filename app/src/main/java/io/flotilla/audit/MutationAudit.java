package io.flotilla.audit;

import io.flotilla.provider.CloudMutation;
import io.flotilla.provider.CloudMutations;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one provider call with a {@link CloudMutations} recorder and, right after the call returns or fails, writes
 * one audit entry per change it reported, with the cause, the cloud account and the resource ids, in a short
 * transaction of its own ({@link AuditLog#recordEngine}). Provider calls stay outside transactions, so a crash of
 * the appliance between the call and that write loses the entries of that one call (the resources still carry
 * the appliance's tags, and the cloud's own trail, e.g. CloudTrail, has the calls). A database that refuses the
 * write is logged and does not undo or fail the cloud change.
 */
@Singleton
public class MutationAudit {
    private static final Logger LOG = LoggerFactory.getLogger(MutationAudit.class);
    private final AuditLog audit;

    public MutationAudit(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Where the entries belong.
     *
     * @param cloudAccount the account the provider's calls go to ({@code local} for this machine)
     * @param workspaceId  the workspace of the cluster, or null when unknown (an orphan of a forgotten workspace)
     * @param target       the cluster's name (or id, for a cluster the database does not know)
     */
    public record Scope(String cloudAccount, @Nullable UUID workspaceId, @Nullable String target) {
    }

    /** Runs the call and audits what it changed. */
    public <T> T call(MutationCause cause, Scope scope, Function<CloudMutations, T> call) {
        CloudMutations.Recorder recorder = CloudMutations.recorder();
        try {
            return call.apply(recorder);
        } finally {
            write(cause, scope, recorder.reported());
        }
    }

    /** Runs the call and audits what it changed. */
    public void run(MutationCause cause, Scope scope, Consumer<CloudMutations> call) {
        call(cause, scope, mutations -> {
            call.accept(mutations);
            return null;
        });
    }

    private void write(MutationCause cause, Scope scope, List<CloudMutation> mutations) {
        if (mutations.isEmpty()) {
            return;
        }
        try {
            audit.recordEngine(cause, scope.cloudAccount(), scope.workspaceId(), scope.target(), mutations.stream()
                    .map(m -> new AuditLog.EngineEntry(m.action(), m.resourceIds(), m.detail())).toList());
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit entries of {} cloud change(s) in account {} for {} ({}): {}",
                    mutations.size(), scope.cloudAccount(), scope.target(), mutations, e.getMessage(), e);
        }
    }
}
