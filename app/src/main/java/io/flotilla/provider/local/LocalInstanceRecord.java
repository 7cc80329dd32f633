package io.flotilla.provider.local;

import io.flotilla.provider.InstanceRole;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * The registry entry of one local instance, stored as JSON next to its directory. Holds no secret.
 *
 * @param pid            pid of the process-group leader (the agent), null until the process started
 * @param processStart   the leader's start time as the OS reports it; a live pid with another start time
 *                       is a reused pid, not this instance
 * @param terminatedAt   when termination was requested (or the instance was first seen ended on its own), null
 *                       while the instance should run
 * @param uid            the uid the instance runs as when local isolation is on (see {@link LocalIsolation}), null
 *                       when it runs as the appliance's own user
 * @param gid            its gid, null likewise
 */
@Serdeable
public record LocalInstanceRecord(String instanceId, String instanceName, InstanceRole role,
                                  Map<String, String> tags, String idempotencyKey, String privateAddress,
                                  Instant launchedAt, @Nullable Long pid, @Nullable Instant processStart,
                                  @Nullable Instant terminatedAt, @Nullable Long uid, @Nullable Long gid) {

    public LocalInstanceRecord started(long startedPid, Instant startedAt) {
        return new LocalInstanceRecord(instanceId, instanceName, role, tags, idempotencyKey, privateAddress,
                launchedAt, startedPid, startedAt, terminatedAt, uid, gid);
    }

    public LocalInstanceRecord terminated(Instant when) {
        return new LocalInstanceRecord(instanceId, instanceName, role, tags, idempotencyKey, privateAddress,
                launchedAt, pid, processStart, when, uid, gid);
    }

    /** The same entry, recording the identity the instance is started as (null: the appliance's own user). */
    public LocalInstanceRecord runningAs(@Nullable InstanceIdentity identity) {
        return new LocalInstanceRecord(instanceId, instanceName, role, tags, idempotencyKey, privateAddress,
                launchedAt, pid, processStart, terminatedAt, identity == null ? null : identity.uid(),
                identity == null ? null : identity.gid());
    }
}
