package io.flotilla.provider.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registered cloud accounts, for providers (which never touch the database themselves): the account
 * package implements it over its repository and the secret store.
 */
public interface CloudAccountDirectory {
    /** The account with this id, if it is still registered. */
    Optional<CloudAccountRef> find(UUID id);

    /** Every registered account of the provider, by name. */
    List<CloudAccountRef> ofProvider(String provider);

    /** The account's secret (access keys, a service-account key), from the secret store; empty when it has none. */
    Optional<Map<String, String>> secret(UUID id);
}
