package io.flotilla.provider.gcp.iam;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the custom role definitions from {@link GcpPermissionManifest}: the ongoing role the appliance holds on the
 * project and the setup role used once. Nothing here lists permissions by hand, so the roles cannot drift from the
 * manifest.
 */
public final class GcpRoleDocuments {
    /** Role id of the ongoing role created by {@code flotilla setup gcp}. */
    public static final String ONGOING_ROLE_ID = "flotilla_ongoing";
    /** Role id of the setup role. */
    public static final String SETUP_ROLE_ID = "flotilla_setup";
    /** Custom roles Flotilla generates are generally available (not alpha or beta). */
    public static final String STAGE = "GA";

    private GcpRoleDocuments() {
    }

    /** What the appliance may do in the project every day. */
    public static CustomRole ongoing() {
        return new CustomRole(ONGOING_ROLE_ID, "Flotilla appliance",
                "What the Flotilla appliance may do in this project: Dask cluster VMs, their firewall rules, reads of"
                        + " networks, machine types and operations, and cluster logs. Generated from Flotilla's permission manifest.",
                STAGE, GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
    }

    /** What whoever sets the project up needs once: network, worker service account, custom role, bindings. */
    public static CustomRole setup() {
        return new CustomRole(SETUP_ROLE_ID, "Flotilla setup",
                "Used once to set a project up for Flotilla: its network, the worker service account, the appliance's"
                        + " custom role and bindings. Remove it once setup is done. Generated from Flotilla's permission manifest.",
                STAGE, GcpPermissionManifest.permissions(GcpGrant.SETUP_ROLE));
    }

    /** The role as the YAML file {@code gcloud iam roles create ROLE_ID --project=P --file=FILE} reads. */
    public static String yaml(CustomRole role) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        return new Yaml(options).dump(definition(role));
    }

    /** The fields of the role definition, in gcloud's order (the role id is not part of the file). */
    public static Map<String, Object> definition(CustomRole role) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", role.title());
        fields.put("description", role.description());
        fields.put("stage", role.stage());
        fields.put("includedPermissions", role.includedPermissions());
        return fields;
    }
}
