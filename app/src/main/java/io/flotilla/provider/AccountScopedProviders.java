package io.flotilla.provider;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * A provider whose instances run in one of several cloud accounts (AWS accounts, GCP projects): one
 * {@link ComputeProvider} per account, chosen by a cluster's account id.
 */
public interface AccountScopedProviders {
    /** The provider id the clusters carry, e.g. {@code aws}. */
    String providerId();

    /** What the providers of every account can do (the same for all of them). */
    ProviderCapabilities capabilities();

    /**
     * The provider of this cloud account (a cluster's, by its cloud account id), or of the appliance's default account
     * for null; ServiceException when the account is gone or unusable.
     */
    ComputeProvider forAccount(@Nullable UUID cloudAccountId);

    /** One provider per account in use (for the orphan sweeper). */
    List<ComputeProvider> all();
}
