package io.flotilla.provider.account;

import io.flotilla.provider.CloudMutations;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Set;

/**
 * What one cloud provider adds to cloud accounts: the settings and credential modes it understands, and the
 * checks an admin runs against the cloud. The account service keeps the common fields and the records; each
 * provider's package implements this for its own accounts (registered by {@link #providerId()}).
 */
public interface AccountSupport {
    /** The provider id accounts of this kind carry, e.g. {@code aws}. */
    String providerId();

    /** The credential modes this provider understands, e.g. {@code instance_role}, {@code assume_role}. */
    List<String> credentialModes();

    /** The request fields (JSON names) this provider reads; any other provider-specific field is refused. */
    Set<String> fields();

    /** A human hint of a valid region name, e.g. "an AWS region name such as eu-central-1". */
    String regionHint();

    /** Whether the region name is one of this provider's. */
    boolean validRegion(String region);

    /**
     * Checks the provider's part of a registration and returns what to store.
     *
     * @throws io.flotilla.error.ServiceException 400 naming the offending field
     */
    AccountSettings check(AccountRegistration registration);

    /** The credentials as views show them (never a secret). */
    CredentialsDescription describeCredentials(CloudAccountRef account);

    /**
     * Tries the account's credentials and permissions without changing anything; cloud errors end up in the
     * report ({@link ValidationReport#error()}), not as exceptions.
     */
    ValidationReport validate(CloudAccountRef account);

    /**
     * Creates (or finds again) a network for the account's clusters, reporting each piece created.
     *
     * @param cidr the new network's range, or null for the provider's default
     * @throws IllegalArgumentException when the range is not usable
     * @throws io.flotilla.error.ServiceException when the cloud refuses
     */
    AccountNetwork createNetwork(CloudAccountRef account, @Nullable String cidr, CloudMutations mutations);

    /** The retention values (days) this provider's log service accepts. */
    List<Integer> retentionDays();
}
