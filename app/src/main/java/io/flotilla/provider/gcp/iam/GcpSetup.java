package io.flotilla.provider.gcp.iam;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Everything a Google Cloud administrator needs to let this appliance run clusters in a project. */
@Serdeable
@Schema(name = "GcpSetup")
public record GcpSetup(
        @Schema(description = "The project (null when not given: the commands say PROJECT_ID)") @Nullable String projectId,
        @Schema(description = "This appliance's id: the value of the flotilla-appliance label on what it creates") String applianceId,
        @Schema(description = "Custom role the appliance's service account holds on the project") CustomRole ongoingRole,
        @Schema(description = "The ongoing role as the YAML file gcloud iam roles create --file reads") String ongoingRoleYaml,
        @Schema(description = "Custom role for whoever sets the project up, used once") CustomRole setupRole,
        @Schema(description = "The setup role as YAML for gcloud iam roles create --file") String setupRoleYaml,
        @Schema(description = "The service account cluster VMs run as") WorkerServiceAccount workerServiceAccount,
        @Schema(description = "The appliance's IAM member, serviceAccount:EMAIL (a placeholder when principal was not given)") String principal,
        @Schema(description = "The role bindings to add, in order") List<Binding> bindings,
        @Schema(description = "gcloud commands that create the roles, the worker service account and the bindings; lines"
                + " starting with # are comments") List<String> commands,
        @Schema(description = "What IAM cannot narrow, and what guards it instead") List<String> notes) {

    public GcpSetup {
        bindings = List.copyOf(bindings);
        commands = List.copyOf(commands);
        notes = List.copyOf(notes);
    }

    /** The worker service account: only the roles listed, all on the project. */
    @Serdeable
    @Schema(name = "GcpWorkerServiceAccount")
    public record WorkerServiceAccount(
            @Schema(description = "Account id, e.g. flotilla-worker") String accountId,
            @Schema(description = "Its email in the project") String email,
            @Schema(description = "Its roles on the project: roles/logging.logWriter only") List<String> roles) {
        public WorkerServiceAccount {
            roles = List.copyOf(roles);
        }
    }

    /**
     * One role binding.
     *
     * @param resource where it is bound: {@code projects/P} or {@code projects/P/serviceAccounts/EMAIL}
     * @param member   who gets the role
     * @param role     the role's name
     * @param why      one sentence
     */
    @Serdeable
    @Schema(name = "GcpBinding")
    public record Binding(String resource, String member, String role, String why) {
    }
}
