package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.UUID;

/** Finds an AWS account (region, credentials, network) by its cloud account id, and lists every account in use. */
public interface AwsAccounts {
    /**
     * A registered AWS cloud account by id (a cluster's, a workspace's), or the default one ({@code flotilla.aws.*})
     * for null (a cluster or software environment build of a workspace without a bound account); ServiceException
     * when it is gone or unusable.
     */
    default AwsAccountContext forAccount(@Nullable UUID cloudAccountId) {
        String key = cloudAccountId == null ? AwsAccountContext.DEFAULT_KEY : cloudAccountId.toString();
        return all().stream().filter(account -> account.key().equals(key)).findFirst()
                .orElseThrow(() -> ServiceException.unavailable("cloud_account_missing",
                        "The AWS account " + key + " is not configured on this appliance.", null));
    }

    /** Every AWS account this appliance launches into (the default one when configured, and each registered one). */
    List<AwsAccountContext> all();
}
