package io.flotilla.api.provider;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.identity.Caller;
import io.flotilla.provider.gcp.iam.GcpSetup;
import io.flotilla.provider.gcp.iam.GcpSetupService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The custom roles, service account and bindings that let this appliance work in a Google Cloud project ({@code flotilla setup gcp}). */
@Controller("/api/v1/providers/gcp")
@Tag(name = "providers")
@DocumentedErrors
public class GcpSetupController {
    private final GcpSetupService setups;

    public GcpSetupController(GcpSetupService setups) {
        this.setups = setups;
    }

    @Get("/setup")
    @Operation(summary = "Custom roles (ongoing, setup), worker service account, bindings and gcloud commands for a"
            + " Google Cloud project (appliance admins)")
    public GcpSetup setup(@Parameter(hidden = true) Caller caller,
                          @Parameter(description = "Project id, e.g. my-project (default: PROJECT_ID in the commands)") @QueryValue @Nullable String project,
                          @Parameter(description = "Worker service account: an id or NAME@PROJECT.iam.gserviceaccount.com (default: flotilla-worker)") @QueryValue @Nullable String workerServiceAccount,
                          @Parameter(description = "Email of the service account the appliance runs as (default: a placeholder)") @QueryValue @Nullable String principal) {
        return setups.setup(caller, project, workerServiceAccount, principal);
    }
}
