package io.flotilla.provider.gcp.iam;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One IAM permission Flotilla needs in a Google Cloud project, where it is granted, the API methods that need it
 * and why.
 *
 * @param permission {@code service.resource.verb}, e.g. {@code compute.instances.create}
 * @param grant      the custom role (or the worker service account binding) that grants it
 * @param methods    the REST methods ({@code compute.instances.insert}, ...) that Google documents as needing it
 * @param why        one sentence a reviewer in IT can check against the code
 */
public record GcpPermission(String permission, GcpGrant grant, List<String> methods, String why) {
    /** {@code service.resource.verb}: lower-case service, camel-case resource and verb, no wildcard. */
    public static final Pattern PERMISSION = Pattern.compile("[a-z]+\\.[a-z][A-Za-z]+\\.[a-z][A-Za-z]+");

    public GcpPermission {
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(grant, "grant");
        if (!PERMISSION.matcher(permission).matches()) {
            throw new IllegalArgumentException(permission + ": not a service.resource.verb permission");
        }
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(permission + ": name the API methods that need it");
        }
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(permission + ": say why it is needed");
        }
    }

    /** The service, e.g. {@code compute}. */
    public String service() {
        return permission.substring(0, permission.indexOf('.'));
    }
}
