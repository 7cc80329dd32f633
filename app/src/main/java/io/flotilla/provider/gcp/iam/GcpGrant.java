package io.flotilla.provider.gcp.iam;

/** Where a {@link GcpPermission} is granted. */
public enum GcpGrant {
    /** The custom role the appliance's principal holds on the project, for everyday work. */
    ONGOING_ROLE,
    /** The custom role for whoever sets a project up once (network, worker service account, bindings). */
    SETUP_ROLE,
    /**
     * Granted on the worker service account only ({@code roles/iam.serviceAccountUser} bound on that account, never
     * on the project), so the appliance can attach that account, and no other, to instances.
     */
    WORKER_SERVICE_ACCOUNT
}
