package io.flotilla.api.secrets;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.secrets.SecretViews.PutSecret;
import io.flotilla.api.secrets.SecretViews.SecretView;
import io.flotilla.identity.Caller;
import io.flotilla.secrets.workspace.SecretNames;
import io.flotilla.secrets.workspace.WorkspaceSecretService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;

/** Workspace secrets: names and metadata for members, writes for admins. Values go in, never out. */
@Controller("/api/v1/workspaces/{workspace}/secrets")
@Tag(name = "secrets")
@DocumentedErrors
public class WorkspaceSecretController {
    private final WorkspaceSecretService secrets;

    public WorkspaceSecretController(WorkspaceSecretService secrets) {
        this.secrets = secrets;
    }

    @Get
    @Operation(summary = "List the workspace's secrets: names and metadata only (members)")
    public List<SecretView> list(@Parameter(hidden = true) Caller caller, String workspace) {
        return secrets.list(caller, workspace).stream().map(SecretView::of).toList();
    }

    @Put("/{name}")
    @Operation(summary = "Create (201) or replace (200) a secret (workspace admins); the value is never returned")
    public HttpResponse<SecretView> put(@Parameter(hidden = true) Caller caller, String workspace,
            @Parameter(schema = @Schema(type = "string", pattern = SecretNames.PATTERN)) String name,
                                        @Valid @Body PutSecret request) {
        WorkspaceSecretService.PutResult result = secrets.put(caller, workspace, name, request.value());
        return HttpResponse.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(SecretView.of(result.secret()));
    }

    @Delete("/{name}")
    @Status(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a secret and its value (workspace admins)")
    public void delete(@Parameter(hidden = true) Caller caller, String workspace,
            @Parameter(schema = @Schema(type = "string", pattern = SecretNames.PATTERN)) String name) {
        secrets.delete(caller, workspace, name);
    }
}
