package io.flotilla.provider.account;

import java.util.List;
import java.util.Map;

/**
 * A registration its provider accepted: what to store on the account row and what to keep in the secret store.
 *
 * @param credentialMode the credential mode, in the provider's words
 * @param settings       the provider's settings to store on the row (never a secret)
 * @param subnets        the checked subnets
 * @param secret         what the secret store keeps for the account (empty: nothing)
 * @param summary        one line for the audit log, e.g. {@code credentials=assume_role}
 */
public record AccountSettings(String credentialMode, Map<String, String> settings, List<String> subnets,
                              Map<String, String> secret, String summary) {
    public AccountSettings {
        settings = Map.copyOf(settings);
        subnets = List.copyOf(subnets);
        secret = Map.copyOf(secret);
    }

    @Override
    public String toString() {
        return "AccountSettings[credentialMode=" + credentialMode + ", settings=" + settings + ", subnets=" + subnets
                + ", secret=(" + secret.size() + " hidden values)]";
    }
}
