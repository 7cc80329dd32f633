package io.flotilla.api.account;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountChecks;
import io.flotilla.account.CloudAccountRequest;
import io.flotilla.account.CloudAccountService;
import io.flotilla.api.account.CloudAccountViews.CloudAccountView;
import io.flotilla.api.account.CloudAccountViews.NetworkRequest;
import io.flotilla.api.account.CloudAccountViews.ValidationView;
import io.micronaut.core.annotation.Nullable;
import io.flotilla.identity.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Cloud accounts (appliance admins): register, list, show, remove. */
@Controller("/api/v1/cloud-accounts")
@Tag(name = "cloud-accounts")
@DocumentedErrors
public class CloudAccountController {
    private final CloudAccountService accounts;
    private final CloudAccountChecks checks;

    public CloudAccountController(CloudAccountService accounts, CloudAccountChecks checks) {
        this.accounts = accounts;
        this.checks = checks;
    }

    @Post
    @Operation(summary = "Register a cloud account (appliance admins); access keys go to the secret store and are never shown again")
    public HttpResponse<CloudAccountView> register(@Parameter(hidden = true) Caller caller, @Body CloudAccountRequest request) {
        CloudAccount account = accounts.register(caller, request);
        return HttpResponse.status(HttpStatus.CREATED).body(CloudAccountView.of(account, accounts.credentialsOf(account), List.of()));
    }

    @Get
    @Operation(summary = "List the cloud accounts (appliance admins)")
    public List<CloudAccountView> list(@Parameter(hidden = true) Caller caller) {
        return accounts.list(caller).stream().map(a -> CloudAccountView.of(a, accounts.credentialsOf(a), accounts.workspacesOf(caller, a))).toList();
    }

    @Get("/{name}")
    @Operation(summary = "Show a cloud account (appliance admins)")
    public CloudAccountView get(@Parameter(hidden = true) Caller caller, String name) {
        CloudAccount account = accounts.get(caller, name);
        return CloudAccountView.of(account, accounts.credentialsOf(account), accounts.workspacesOf(caller, account));
    }

    @Post("/{name}/validate")
    @Operation(summary = "Try harmless calls (DryRun where AWS has it) with the account's credentials and report missing permissions (appliance admins)")
    public ValidationView validate(@Parameter(hidden = true) Caller caller, String name) {
        return ValidationView.of(name, checks.validate(caller, name));
    }

    @Post("/{name}/network")
    @Operation(summary = "Create the account's network (VPC, gateway, routes, one subnet per zone, all tagged) and use its subnets (appliance admins)")
    public CloudAccountView network(@Parameter(hidden = true) Caller caller, String name, @Body @Nullable NetworkRequest request) {
        CloudAccount account = checks.createNetwork(caller, name, request == null ? null : request.cidr());
        return CloudAccountView.of(account, accounts.credentialsOf(account), accounts.workspacesOf(caller, account));
    }

    @Delete("/{name}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a cloud account and its stored keys (appliance admins); refused while bound or in use")
    public void delete(@Parameter(hidden = true) Caller caller, String name) {
        accounts.delete(caller, name);
    }
}
