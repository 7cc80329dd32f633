package io.flotilla.provider.gcp.iam;

import io.flotilla.provider.gcp.iam.GcpSetup.Binding;
import io.flotilla.provider.gcp.iam.GcpSetup.WorkerServiceAccount;

import java.util.ArrayList;
import java.util.List;

/** Builds the {@link GcpSetup} answer for a target: the roles from the manifest, the bindings and gcloud commands. */
public final class GcpSetups {
    /** The files the commands read, as {@code flotilla setup gcp --out} writes them. */
    public static final String ONGOING_FILE = "flotilla-ongoing-role.yaml";
    public static final String SETUP_FILE = "flotilla-setup-role.yaml";
    static final List<String> NOTES = List.of(
            "IAM conditions cannot test labels (only a resource's name, type and secure tags), so the ongoing role's"
                    + " deletes are not narrowed by IAM: the appliance deletes only VMs carrying its flotilla-appliance label,"
                    + " and only the firewall rules it recognises as its own.",
            "iam.serviceAccounts.actAs is granted on the worker service account only (roles/iam.serviceAccountUser bound on"
                    + " that account), so the appliance can attach no other service account to VMs.",
            "The setup role can change the project's IAM policy: grant it only to whoever runs setup, and remove it afterwards.");

    private GcpSetups() {
    }

    /** The whole answer for {@code target}. */
    public static GcpSetup of(GcpTarget target, String applianceId) {
        CustomRole ongoing = GcpRoleDocuments.ongoing();
        CustomRole setup = GcpRoleDocuments.setup();
        WorkerServiceAccount worker = new WorkerServiceAccount(target.workerAccountId(), target.workerEmail(),
                List.of(GcpPermissionManifest.WORKER_ROLE));
        List<Binding> bindings = bindings(target);
        return new GcpSetup(target.projectId(), applianceId, ongoing, GcpRoleDocuments.yaml(ongoing), setup,
                GcpRoleDocuments.yaml(setup), worker, target.principalMember(), bindings, commands(target, bindings), NOTES);
    }

    /** The ongoing role and the log writer role on the project, the service account user role on the worker account only. */
    public static List<Binding> bindings(GcpTarget target) {
        String project = "projects/" + target.project();
        return List.of(
                new Binding(project, target.principalMember(), target.roleName(GcpRoleDocuments.ONGOING_ROLE_ID),
                        "The appliance's everyday permissions in the project."),
                new Binding(project, "serviceAccount:" + target.workerEmail(), GcpPermissionManifest.WORKER_ROLE,
                        "Cluster VMs write their logs, and can do nothing else."),
                new Binding(project + "/serviceAccounts/" + target.workerEmail(), target.principalMember(),
                        GcpPermissionManifest.SERVICE_ACCOUNT_USER_ROLE,
                        "The appliance may attach the worker service account, and only it, to the VMs it starts."));
    }

    /** The gcloud commands, in order, with a comment line before each step. */
    static List<String> commands(GcpTarget target, List<Binding> bindings) {
        String project = target.project();
        List<String> lines = new ArrayList<>();
        lines.add("# 1. The custom roles, from the files flotilla setup gcp --out writes (the setup role only when someone"
                + " else will set the project up)");
        lines.add("gcloud iam roles create " + GcpRoleDocuments.ONGOING_ROLE_ID + " --project=" + project + " --file=" + ONGOING_FILE);
        lines.add("gcloud iam roles create " + GcpRoleDocuments.SETUP_ROLE_ID + " --project=" + project + " --file=" + SETUP_FILE);
        lines.add("# 2. The worker service account cluster VMs run as (log writes only)");
        lines.add("gcloud iam service-accounts create " + target.workerAccountId() + " --project=" + project
                + " --display-name='Flotilla cluster instances' --description='Dask schedulers and workers started by Flotilla: log writes only'");
        lines.add("# 3. The bindings");
        for (Binding binding : bindings) {
            if (binding.resource().contains("/serviceAccounts/")) {
                lines.add("gcloud iam service-accounts add-iam-policy-binding " + target.workerEmail() + " --project=" + project
                        + " --member=" + binding.member() + " --role=" + binding.role() + " --condition=None");
            } else {
                lines.add("gcloud projects add-iam-policy-binding " + project + " --member=" + binding.member()
                        + " --role=" + binding.role() + " --condition=None");
            }
        }
        lines.add("# To update the ongoing role after an upgrade: gcloud iam roles update " + GcpRoleDocuments.ONGOING_ROLE_ID
                + " --project=" + project + " --file=" + ONGOING_FILE);
        return lines;
    }
}
