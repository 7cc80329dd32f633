package io.flotilla.provider.gcp.iam;

import io.flotilla.provider.ApplianceId;
import io.flotilla.identity.Caller;
import io.flotilla.identity.WorkspaceAccess;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Hands appliance administrators the roles and commands for a Google Cloud project. Reads nothing from Google, changes nothing. */
@Singleton
public class GcpSetupService {
    private final ApplianceId applianceId;

    public GcpSetupService(ApplianceId applianceId) {
        this.applianceId = applianceId;
    }

    /** The setup for {@code project} (placeholders when null), the worker service account (default when null) and the principal. */
    public GcpSetup setup(Caller caller, @Nullable String project, @Nullable String workerServiceAccount,
                          @Nullable String principal) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return GcpSetups.of(GcpTarget.of(project, workerServiceAccount, principal), applianceId.value());
    }
}
