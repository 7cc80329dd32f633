package io.flotilla.api.environment;

import io.flotilla.api.environment.PackageSyncViews.SyncView;
import io.flotilla.api.environment.PackageSyncViews.WheelView;
import io.flotilla.api.error.ApiError;
import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.sync.InconsistentManifest;
import io.flotilla.environment.sync.PackageSyncRefused;
import io.flotilla.environment.sync.PackageSyncRequest;
import io.flotilla.environment.sync.PackageSyncService;
import io.flotilla.environment.sync.SyncIssue;
import io.flotilla.environment.sync.WheelFileName;
import io.flotilla.identity.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/** Package sync: wheel uploads and manifests that become a workspace's software environments (members). */
@Controller("/api/v1/workspaces/{workspace}")
@Tag(name = "package sync")
@DocumentedErrors
public class PackageSyncController {
    private final PackageSyncService sync;

    public PackageSyncController(PackageSyncService sync) {
        this.sync = sync;
    }

    @Put(value = "/wheels/{filename}", consumes = MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Upload a wheel of a local or editable package (members); its bytes must hash to X-Content-SHA256",
            description = "The file name must be a wheel file name (name-version[-build]-python-abi-platform.whl): no"
                    + " paths. The wheel is kept per workspace and content hash; uploading it again changes nothing.")
    @ApiResponse(responseCode = "422", description = "content_hash_mismatch: the bytes do not hash to X-Content-SHA256; nothing is stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "200", description = "The wheel is stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WheelView.class)))
    public WheelView upload(@Parameter(hidden = true) Caller caller, String workspace,
                            @Parameter(schema = @Schema(type = "string", pattern = WheelFileName.PATTERN, maxLength = WheelFileName.MAX_LENGTH)) String filename,
                            @Parameter(description = "SHA-256 of the body, 64 lower-case hex digits", required = true,
                                    schema = @Schema(type = "string", pattern = "^[0-9a-f]{64}$"))
                            @Header("X-Content-SHA256") String contentSha256,
                            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The wheel's bytes",
                                    content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                                            schema = @Schema(type = "string", format = "binary", minLength = 1)))
                            @Body byte[] content) {
        WheelRef stored = sync.upload(caller, workspace, filename, contentSha256, content == null ? new byte[0] : content);
        return new WheelView(stored.filename(), stored.sha256());
    }

    @Post("/package-sync")
    @Operation(summary = "Turn the client's environment into a software environment (members)",
            description = "Classifies every package (critical: must match exactly; loose; ignore), applies strict, ignore"
                    + " and failOn, and records the environment package-sync-<12 hex of its spec hash>, which builds once"
                    + " and is reused while the local environment does not change.")
    @ApiResponse(responseCode = "422", description = "failOn is met (package_sync_refused: the message names the offending packages), or"
            + " the manifest contradicts itself (manifest_inconsistent: a package listed twice, a wheel of another distribution);"
            + " nothing is recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
    public SyncView sync(@Parameter(hidden = true) Caller caller, String workspace, @Body PackageSyncRequest request) {
        return SyncView.of(sync.sync(caller, workspace, request));
    }

    @Error(exception = InconsistentManifest.class)
    HttpResponse<ApiError> inconsistent(InconsistentManifest inconsistent) {
        return HttpResponse.<ApiError>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .body(ApiError.of(inconsistent.code(), inconsistent.getMessage(), inconsistent.details()));
    }

    @Error(exception = PackageSyncRefused.class)
    HttpResponse<ApiError> refused(PackageSyncRefused refused) {
        return HttpResponse.<ApiError>status(HttpStatus.UNPROCESSABLE_ENTITY).body(ApiError.of("package_sync_refused",
                refused.getMessage(), Map.of("failOn", refused.failOn().wire(),
                        "packages", refused.refusing().stream().map(SyncIssue::packageName).filter(n -> n != null).distinct().toList(),
                        "issues", refused.refusing().stream().map(SyncIssue::sentence).toList())));
    }
}
