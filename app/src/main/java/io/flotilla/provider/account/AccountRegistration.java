package io.flotilla.provider.account;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The provider-specific part of what an admin registers, handed to that provider's {@link AccountSupport} to
 * check. Fields the request left out are absent from the maps.
 *
 * @param region         the default region asked for
 * @param credentialMode the credential mode asked for (null when missing)
 * @param fields         every other non-null field of the request, by its JSON name (lists comma-joined), e.g.
 *                       {@code credentials.roleArn}, {@code project}, {@code zones}
 * @param subnets        the subnets asked for (AWS subnet ids, GCP subnetworks)
 * @param secrets        the secret fields of the request (e.g. {@code credentials.secretAccessKey}); never stored
 *                       outside the secret store
 */
public record AccountRegistration(@Nullable String region, @Nullable String credentialMode, Map<String, String> fields,
                                  List<String> subnets, Map<String, String> secrets) {
    public AccountRegistration {
        fields = Map.copyOf(fields);
        subnets = List.copyOf(subnets);
        secrets = Map.copyOf(secrets);
    }

    /** One field, or null. */
    @Nullable
    public String field(String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        return "AccountRegistration[region=" + region + ", credentialMode=" + credentialMode + ", fields=" + fields
                + ", subnets=" + subnets + ", secrets=" + secrets.keySet() + " (hidden)]";
    }
}
