package io.flotilla.api.account;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.account.CloudAccount;
import io.flotilla.account.CloudAccountService;
import io.flotilla.account.WorkspaceCloudAccount;
import io.flotilla.api.account.CloudAccountViews.BindRequest;
import io.flotilla.api.account.CloudAccountViews.WorkspaceAccountView;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Which cloud account a workspace's new clusters run in: members read it, appliance admins change it. */
@Controller("/api/v1/workspaces/{workspace}/cloud-account")
@Tag(name = "cloud-accounts")
@DocumentedErrors
public class WorkspaceCloudAccountController {
    private final CloudAccountService accounts;

    public WorkspaceCloudAccountController(CloudAccountService accounts) {
        this.accounts = accounts;
    }

    @Get
    @Operation(summary = "The workspace's cloud account (members); 404 when its clusters run on the appliance's machine")
    public WorkspaceAccountView get(@Parameter(hidden = true) Caller caller, String workspace) {
        CloudAccount account = accounts.ofWorkspace(caller, workspace)
                .orElseThrow(() -> ServiceException.notFound("cloud account binding of workspace", workspace));
        List<String> cidrs = accounts.bindingOf(caller, workspace).map(WorkspaceCloudAccount::cidrList).orElse(List.of());
        return WorkspaceAccountView.of(workspace, account, cidrs);
    }

    @Put
    @Operation(summary = "Bind the workspace's new clusters to a cloud account (appliance admins)")
    public WorkspaceAccountView bind(@Parameter(hidden = true) Caller caller, String workspace, @Body BindRequest request) {
        CloudAccount account = accounts.bind(caller, workspace, request.account(), request.allowedCidrs());
        return WorkspaceAccountView.of(workspace, account, request.allowedCidrs() == null ? List.of() : request.allowedCidrs());
    }

    @Delete
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unbind: the workspace's new clusters run on the appliance's machine again (appliance admins)")
    public void unbind(@Parameter(hidden = true) Caller caller, String workspace) {
        accounts.unbind(caller, workspace);
    }
}
