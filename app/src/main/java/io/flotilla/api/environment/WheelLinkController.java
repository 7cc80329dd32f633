package io.flotilla.api.environment;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.environment.build.WheelRef;
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

    @Get(value = "/{workspaceId}/{sha256}/{filename}", produces = MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a package-sync wheel by a signed link that expires (builders, instances)")
    public HttpResponse<byte[]> download(UUID workspaceId, String sha256, String filename,
                                         @QueryValue long expires, @QueryValue String signature) {
        WheelFileName.parse(filename);
        WheelFileName.requireSha256(sha256, "sha256");
        if (expires < clock.instant().getEpochSecond() || !signer.verify(workspaceId, sha256, filename, expires, signature)) {
            throw ServiceException.forbidden("This wheel link is expired or not signed by this appliance.");
        }
        try {
            return HttpResponse.ok(store.read(workspaceId, new WheelRef(filename, sha256)));
        } catch (IOException e) {
            throw ServiceException.notFound("wheel", filename);
        }
    }
}
