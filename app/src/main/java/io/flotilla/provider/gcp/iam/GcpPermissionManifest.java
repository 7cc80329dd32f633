package io.flotilla.provider.gcp.iam;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.flotilla.provider.gcp.iam.GcpGrant.ONGOING_ROLE;
import static io.flotilla.provider.gcp.iam.GcpGrant.SETUP_ROLE;
import static io.flotilla.provider.gcp.iam.GcpGrant.WORKER_SERVICE_ACCOUNT;

/**
 * Every IAM permission Flotilla uses in a Google Cloud project, in one list, each with the API methods that need it
 * (as Google's per-method "IAM Permissions" documentation lists them) and why. The custom roles
 * ({@link GcpRoleDocuments}), the committed Terraform role files and the validator's check are generated from it.
 * Add a permission here in the same change that makes the code call a method needing it.
 *
 * <p>Creating an instance needs, besides {@code compute.instances.create}, one permission per part of the request:
 * the boot disk it creates, the image it uses, the subnetwork (and an external address on it), metadata, labels,
 * network tags and the attached service account. Attaching the worker service account also needs
 * {@code iam.serviceAccounts.actAs}, which is granted on that one service account only ({@link GcpGrant#WORKER_SERVICE_ACCOUNT}),
 * never on the project.
 *
 * <p>Deletes cannot be limited to Flotilla's resources by IAM: IAM conditions can test a resource's name, type and
 * secure tags ({@code resource.matchTag}), but not its labels, and Flotilla marks what it creates with labels
 * ({@code flotilla-appliance}); the provider deletes only instances and firewall rules carrying this appliance's
 * label, and that check is the guard.
 *
 * <p>Deliberately absent: any read of customer data (no Cloud Storage objects, BigQuery data, Secret Manager
 * versions, database or disk contents), wildcards, changes to IAM policies in the ongoing role, and service
 * account keys or tokens.
 */
public final class GcpPermissionManifest {
    /** The label that proves Flotilla created a resource; its value is the appliance id. */
    public static final String OWNER_LABEL = "flotilla-appliance";
    /** The only predefined role of the worker service account: writing log entries. */
    public static final String WORKER_ROLE = "roles/logging.logWriter";
    /** The predefined role bound on the worker service account for the appliance (it holds {@code iam.serviceAccounts.actAs}). */
    public static final String SERVICE_ACCOUNT_USER_ROLE = "roles/iam.serviceAccountUser";

    private static final List<GcpPermission> PERMISSIONS = List.of(
            // ---- ongoing: instances (one instances.insert per scheduler or worker; no bulkInsert, no templates) ----
            p("compute.instances.create", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Starts each scheduler and worker VM."),
            p("compute.disks.create", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Creates the boot disk of a VM as part of inserting it (deleted with the VM)."),
            p("compute.images.useReadOnly", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Boots a VM from the worker image (a public image or one in the project)."),
            p("compute.subnetworks.use", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Puts a VM's network interface in the subnetwork the account names or setup created."),
            p("compute.subnetworks.useExternalIp", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Gives VMs an ephemeral external address: clients reach the scheduler from the allowed addresses, and"
                            + " VMs reach package indexes without Cloud NAT."),
            p("compute.instances.setMetadata", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Hands the VM its startup script: the appliance URL and a one-time bootstrap token, nothing else."),
            p("compute.instances.setLabels", ONGOING_ROLE, List.of("compute.instances.insert", "compute.instances.setLabels"),
                    "Labels every VM at creation (appliance, workspace, cluster, role, instance)."),
            p("compute.instances.setTags", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Gives VMs the cluster's network tag, which its firewall rules target."),
            p("compute.instances.setServiceAccount", ONGOING_ROLE, List.of("compute.instances.insert"),
                    "Attaches the worker service account (log writes only) to each VM."),
            p("compute.instances.get", ONGOING_ROLE, List.of("compute.instances.get"),
                    "Follows a VM's state (running, preempted, terminated) and checks its labels before deleting it."),
            p("compute.instances.list", ONGOING_ROLE, List.of("compute.instances.list", "compute.instances.aggregatedList"),
                    "Lists the appliance's VMs by label, in a zone or in all zones, to reconcile clusters and find orphans."),
            p("compute.instances.delete", ONGOING_ROLE, List.of("compute.instances.delete"),
                    "Stops clusters, scales down, replaces preempted workers and sweeps orphans; only VMs carrying this"
                            + " appliance's label (checked by the provider, IAM cannot test labels)."),
            // ---- ongoing: per-cluster firewall rules ----
            p("compute.firewalls.create", ONGOING_ROLE, List.of("compute.firewalls.insert"),
                    "Creates a cluster's firewall rules: traffic inside the cluster, scheduler ports from the allowed addresses."),
            p("compute.networks.updatePolicy", ONGOING_ROLE, List.of("compute.firewalls.insert", "compute.firewalls.patch",
                            "compute.firewalls.delete"),
                    "Adding or removing a firewall rule changes the network's firewall policy, which Google checks separately."),
            p("compute.firewalls.get", ONGOING_ROLE, List.of("compute.firewalls.get"),
                    "Finds a cluster's firewall rule again when a step is resumed after a restart."),
            p("compute.firewalls.update", ONGOING_ROLE, List.of("compute.firewalls.patch"),
                    "Replaces the source ranges of a cluster's scheduler-ports rule when the workspace's allowed addresses change."),
            p("compute.firewalls.list", ONGOING_ROLE, List.of("compute.firewalls.list"),
                    "Finds leftover firewall rules of stopped clusters (by name prefix, then the rule's description)."),
            p("compute.firewalls.delete", ONGOING_ROLE, List.of("compute.firewalls.delete"),
                    "Removes a stopped cluster's firewall rules; only rules the provider recognises as this appliance's."),
            // ---- ongoing: network and catalogue reads ----
            p("compute.networks.get", ONGOING_ROLE, List.of("compute.networks.get"),
                    "Checks the network a cluster's firewall rules go in."),
            p("compute.subnetworks.get", ONGOING_ROLE, List.of("compute.subnetworks.get"),
                    "Checks the named subnetworks and reads their region and network."),
            p("compute.zones.list", ONGOING_ROLE, List.of("compute.zones.list"),
                    "Lists the region's zones to fall back to another zone when one has no capacity."),
            p("compute.machineTypes.list", ONGOING_ROLE, List.of("compute.machineTypes.list"),
                    "Maps requested CPU, memory and architecture to machine types (cached)."),
            p("compute.acceleratorTypes.list", ONGOING_ROLE, List.of("compute.acceleratorTypes.list"),
                    "Finds which GPUs a zone offers for worker_gpu."),
            p("compute.zoneOperations.get", ONGOING_ROLE, List.of("compute.zoneOperations.get", "compute.zoneOperations.wait"),
                    "Waits for a VM's insert or delete to finish and reads the operation's error (capacity, quota)."),
            p("compute.zoneOperations.list", ONGOING_ROLE, List.of("compute.zoneOperations.list"),
                    "Finds the compute.instances.preempted operations of lost Spot workers, to record why they stopped."),
            p("compute.globalOperations.get", ONGOING_ROLE, List.of("compute.globalOperations.get", "compute.globalOperations.wait"),
                    "Waits for a firewall rule's insert or delete to finish and reads its error."),
            // ---- ongoing: logs ----
            p("logging.logEntries.list", ONGOING_ROLE, List.of("logging.entries.list"),
                    "Reads the cluster logs the VMs wrote to Cloud Logging (filtered by log name and cluster label) for"
                            + " REST, the console and the client."),
            // ---- on the worker service account only ----
            p("iam.serviceAccounts.actAs", WORKER_SERVICE_ACCOUNT, List.of("compute.instances.insert"),
                    "Starting a VM that runs as the worker service account requires acting as it; granted on that account"
                            + " only (roles/iam.serviceAccountUser bound on it), so no other account can be attached."),

            // ---- setup: used once, by whoever prepares the project ----
            p("compute.networks.create", SETUP_ROLE, List.of("compute.networks.insert"),
                    "Creates Flotilla's VPC network (custom subnet mode) when the account names no subnetworks."),
            p("compute.networks.get", SETUP_ROLE, List.of("compute.networks.get"),
                    "Finds a network created before, so setup can run again safely."),
            p("compute.subnetworks.create", SETUP_ROLE, List.of("compute.subnetworks.insert"),
                    "Creates one subnetwork per region in Flotilla's network."),
            p("compute.subnetworks.get", SETUP_ROLE, List.of("compute.subnetworks.get"),
                    "Finds a subnetwork created before."),
            p("compute.regions.list", SETUP_ROLE, List.of("compute.regions.list"),
                    "Lists the regions to create subnetworks in."),
            p("compute.globalOperations.get", SETUP_ROLE, List.of("compute.globalOperations.get"),
                    "Waits for the network's creation to finish."),
            p("compute.regionOperations.get", SETUP_ROLE, List.of("compute.regionOperations.get"),
                    "Waits for a subnetwork's creation to finish."),
            p("iam.serviceAccounts.create", SETUP_ROLE, List.of("iam.projects.serviceAccounts.create"),
                    "Creates the worker service account cluster VMs run as."),
            p("iam.serviceAccounts.get", SETUP_ROLE, List.of("iam.projects.serviceAccounts.get"),
                    "Finds a worker service account created before."),
            p("iam.serviceAccounts.getIamPolicy", SETUP_ROLE, List.of("iam.projects.serviceAccounts.getIamPolicy"),
                    "Reads the worker service account's policy before adding the appliance's binding."),
            p("iam.serviceAccounts.setIamPolicy", SETUP_ROLE, List.of("iam.projects.serviceAccounts.setIamPolicy"),
                    "Lets the appliance act as the worker service account (roles/iam.serviceAccountUser on it only)."),
            p("iam.roles.create", SETUP_ROLE, List.of("iam.projects.roles.create"),
                    "Creates the appliance's custom role from this manifest."),
            p("iam.roles.get", SETUP_ROLE, List.of("iam.projects.roles.get"),
                    "Finds the custom role created before."),
            p("iam.roles.update", SETUP_ROLE, List.of("iam.projects.roles.patch"),
                    "Rewrites the custom role's permissions when a new Flotilla version needs others."),
            p("resourcemanager.projects.get", SETUP_ROLE, List.of("cloudresourcemanager.projects.get"),
                    "Confirms the project exists and reads its number."),
            p("resourcemanager.projects.getIamPolicy", SETUP_ROLE, List.of("cloudresourcemanager.projects.getIamPolicy"),
                    "Reads the project's policy before adding Flotilla's bindings."),
            p("resourcemanager.projects.setIamPolicy", SETUP_ROLE, List.of("cloudresourcemanager.projects.setIamPolicy"),
                    "Binds the custom role to the appliance's principal and roles/logging.logWriter to the worker service"
                            + " account. This lets the holder grant any role: remove the setup role once setup is done."));

    private GcpPermissionManifest() {
    }

    /** Every permission, in the order above. */
    public static List<GcpPermission> all() {
        return PERMISSIONS;
    }

    /** The permissions granted by one role or binding. */
    public static List<GcpPermission> of(GcpGrant grant) {
        return PERMISSIONS.stream().filter(p -> p.grant() == grant).toList();
    }

    /** The permission names of one grant, sorted and without repeats (the form a custom role lists them in). */
    public static List<String> permissions(GcpGrant grant) {
        return List.copyOf(new TreeSet<>(of(grant).stream().map(GcpPermission::permission).toList()));
    }

    /**
     * Which permissions each API method needs, for the grants given, e.g. {@code compute.instances.insert} to
     * {@code compute.instances.create, compute.disks.create, ...}: what a recorded run of the provider is checked against.
     */
    public static Map<String, List<String>> byMethod(GcpGrant... grants) {
        List<GcpGrant> wanted = List.of(grants);
        Map<String, TreeSet<String>> methods = new TreeMap<>();
        for (GcpPermission permission : PERMISSIONS) {
            if (wanted.contains(permission.grant())) {
                permission.methods().forEach(m -> methods.computeIfAbsent(m, k -> new TreeSet<>()).add(permission.permission()));
            }
        }
        Map<String, List<String>> result = new TreeMap<>();
        methods.forEach((method, needed) -> result.put(method, List.copyOf(needed)));
        return result;
    }

    private static GcpPermission p(String permission, GcpGrant grant, List<String> methods, String why) {
        return new GcpPermission(permission, grant, methods, why);
    }
}
