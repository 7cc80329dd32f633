package io.flotilla.provider.account;

import java.util.Map;

/**
 * How the appliance gets credentials in an account, as views show it: never a secret.
 *
 * @param mode        the credential mode
 * @param details     what may be shown of it (a role ARN and external id, a key hint, a service account), by name
 * @param discouraged true for long-lived keys
 * @param sentence    one human line, e.g. "Role arn:aws:iam::…:role/x, external id abc"
 */
public record CredentialsDescription(String mode, Map<String, String> details, boolean discouraged, String sentence) {
    public CredentialsDescription {
        details = Map.copyOf(details);
    }
}
