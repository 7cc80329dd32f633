package io.flotilla.usage.notices;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.usage.UsagePolicies;
import io.flotilla.usage.UsagePolicy;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A workspace's usage settings (idle-GPU notices, webhook, optional plugin fields): members read them, workspace
 * admins change them. Writes only the settings columns of {@code workspace_usage_policies} (a workspace without a row
 * gets one with no limits), so a concurrent change of the limits is never lost. The webhook secret is generated when
 * a URL is set where there was none (or on request), answered once, and kept only in the secret store.
 */
@Singleton
public class UsageSettingsService {
    private final WorkspaceAccess access;
    private final UsagePolicies policies;
    private final WebhookSecrets secrets;
    private final JdbcOperations jdbc;
    private final Clock clock;

    public UsageSettingsService(WorkspaceAccess access, UsagePolicies policies, WebhookSecrets secrets,
                                JdbcOperations jdbc, Clock clock) {
        this.access = access;
        this.policies = policies;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The workspace's settings (members). */
    @Transactional(readOnly = true)
    public UsageSettings get(Caller caller, String workspace) {
        WorkspaceAccess.Access found = access.requireMember(caller, workspace);
        return view(workspace, policies.of(found.workspace().id()), null);
    }

    /** Replaces the workspace's settings (workspace admins); the answer holds a new webhook secret, once. */
    @Transactional
    public UsageSettings update(Caller caller, String workspace, UsageSettingsChange change) {
        WorkspaceAccess.Access found = access.requireAdmin(caller, workspace);
        int threshold = range("idleGpuThresholdPercent", change.idleGpuThresholdPercent(),
                UsageSettingsChange.MIN_THRESHOLD, UsageSettingsChange.MAX_THRESHOLD);
        int minutes = range("idleGpuMinutes", change.idleGpuMinutes(), UsageSettingsChange.MIN_MINUTES,
                UsageSettingsChange.MAX_MINUTES);
        if (change.collectTaskPrefixes() == null) {
            throw ServiceException.invalid("collectTaskPrefixes", "collectTaskPrefixes (true or false) is required.");
        }
        String url = change.webhookUrl() == null || change.webhookUrl().isBlank() ? null
                : WebhookUrls.require(change.webhookUrl());
        boolean rotate = Boolean.TRUE.equals(change.rotateWebhookSecret());
        if (rotate && url == null) {
            throw ServiceException.invalid("rotateWebhookSecret", "A webhook secret can only be rotated while a webhook"
                    + " URL is set.");
        }
        UUID workspaceId = found.workspace().id();
        UsagePolicy before = policies.of(workspaceId);
        write(workspaceId, threshold, minutes, url, change.collectTaskPrefixes(), caller.userId(), clock.instant());
        String newSecret = null;
        if (url == null) {
            secrets.delete(workspaceId);
        } else if (rotate || before.webhookUrl() == null || secrets.current(workspaceId).isEmpty()) {
            newSecret = secrets.rotate(workspaceId);
        }
        return view(workspace, policies.of(workspaceId), newSecret);
    }

    private void write(UUID workspaceId, int threshold, int minutes, String url, boolean prefixes, UUID by, Instant at) {
        jdbc.prepareStatement("INSERT INTO workspace_usage_policies (workspace_id, stop_at_budget,"
                + " idle_gpu_threshold_percent, idle_gpu_minutes, webhook_url, collect_task_prefixes, updated_at, updated_by)"
                + " VALUES (?, false, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET"
                + " idle_gpu_threshold_percent = EXCLUDED.idle_gpu_threshold_percent,"
                + " idle_gpu_minutes = EXCLUDED.idle_gpu_minutes, webhook_url = EXCLUDED.webhook_url,"
                + " collect_task_prefixes = EXCLUDED.collect_task_prefixes, updated_at = EXCLUDED.updated_at,"
                + " updated_by = EXCLUDED.updated_by", st -> {
            st.setObject(1, workspaceId);
            st.setInt(2, threshold);
            st.setInt(3, minutes);
            if (url == null) {
                st.setNull(4, Types.VARCHAR);
            } else {
                st.setString(4, url);
            }
            st.setBoolean(5, prefixes);
            st.setTimestamp(6, Timestamp.from(at));
            st.setObject(7, by);
            return st.executeUpdate();
        });
    }

    private static int range(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw ServiceException.invalid(field, field + " must be a whole number from " + min + " to " + max
                    + (value == null ? " (it is missing)." : ", not " + value + "."));
        }
        return value;
    }

    private static UsageSettings view(String workspace, UsagePolicy policy, String newSecret) {
        Objects.requireNonNull(policy);
        return new UsageSettings(workspace, policy.idleGpuThresholdPercent(), policy.idleGpuMinutes(),
                policy.webhookUrl(), policy.collectTaskPrefixes(), UsageSettings.collected(policy.collectTaskPrefixes()),
                newSecret);
    }
}
