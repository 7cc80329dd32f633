package io.flotilla.api.environment;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.sync.LocalWheelStore;
import io.flotilla.environment.sync.WheelFileName;
import io.flotilla.environment.sync.WheelLinkSigner;
import io.flotilla.error.ServiceException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/**
 * The short-lived wheel links of the local wheel store: no API token, the link's own signature and expiry instead
 * (builders and instances that download a package-sync wheel hold only the link).
 */
@Controller("/api/v1/agent/wheels")
@Tag(name = "agent")
@DocumentedErrors
@Requires(beans = LocalWheelStore.class)
public class WheelLinkController {
    private final LocalWheelStore store;
    private final WheelLinkSigner signer;
    private final Clock clock;

    public WheelLinkController(LocalWheelStore store, WheelLinkSigner signer, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    @Get("/{workspaceId}/{sha256}/{filename}")
    @SecurityRequirement(name = "")
    @Operation(summary = "Download a package-sync wheel by a signed link that expires (builders, instances)",
            description = "No API token: the link's expiry (epoch seconds) and signature; an expired or unsigned link is 403.")
    @ApiResponse(responseCode = "200", description = "The wheel's bytes",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = "string", format = "binary")))
    public HttpResponse<byte[]> download(UUID workspaceId,
                                         @Parameter(schema = @Schema(type = "string", pattern = "^[0-9a-f]{64}$")) String sha256,
                                         @Parameter(schema = @Schema(type = "string", pattern = WheelFileName.PATTERN,
                                                 maxLength = WheelFileName.MAX_LENGTH)) String filename,
                                         @QueryValue long expires,
                                         @Parameter(required = true, schema = @Schema(type = "string", minLength = 1)) @QueryValue String signature) {
        WheelFileName.parse(filename);
        WheelFileName.requireSha256(sha256, "sha256");
        if (expires < clock.instant().getEpochSecond() || !signer.verify(workspaceId, sha256, filename, expires, signature)) {
            throw ServiceException.forbidden("This wheel link is expired or not signed by this appliance.");
        }
        try {
            return HttpResponse.ok(store.read(workspaceId, new WheelRef(filename, sha256))).contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE);
        } catch (IOException e) {
            throw ServiceException.notFound("wheel", filename);
        }
    }
}
