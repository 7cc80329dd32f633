package io.flotilla.api.cluster;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.cluster.Cluster;
import io.flotilla.cluster.agent.AgentTransport;
import io.flotilla.cluster.agent.BootstrapService;
import io.flotilla.cluster.agent.install.AgentRuntimeFiles;
import io.flotilla.config.ApplianceUrl;
import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.SystemFile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a stock-image instance downloads to install its agent (see {@link AgentRuntimeFiles}): each route wants the
 * instance's one-time bootstrap token as bearer and checks it without spending it (the agent still trades it once);
 * a spent, expired or unknown token gets 401 {@code bootstrap_refused}. Like the bootstrap, over plain HTTP only from
 * this machine ({@link AgentTransport}), since the token travels with the request.
 */
@Controller("/api/v1/agent")
@Tag(name = "agent")
@DocumentedErrors
public class AgentInstallController {
    private static final String SHELL = "text/x-shellscript";
    private final AgentRuntimeFiles files;
    private final BootstrapService bootstrap;
    private final AgentTransport transport;
    private final ApplianceUrl applianceUrl;

    public AgentInstallController(AgentRuntimeFiles files, BootstrapService bootstrap, AgentTransport transport,
                                  ApplianceUrl applianceUrl) {
        this.files = files;
        this.bootstrap = bootstrap;
        this.transport = transport;
        this.applianceUrl = applianceUrl;
    }

    @Get("/install.sh")
    @Operation(summary = "The install script a stock-image instance runs: installs uv, the agent's runtime and unit, starts it",
            description = "Bearer: the instance's unspent bootstrap token (not spent by this call); 401 bootstrap_refused otherwise.")
    @ApiResponse(responseCode = "200", description = "The script (bash)", content = @Content(mediaType = SHELL, schema = @Schema(type = "string")))
    public HttpResponse<byte[]> installScript(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                              HttpRequest<?> request) {
        authorise(authorization, request);
        return HttpResponse.ok(files.installScript()).contentType(SHELL);
    }

    @Get("/runtime")
    @Operation(summary = "The manifest of the agent's runtime files: 'index-url <url>|none', 'index-auth <base64>', 'fallback-index-url <url>' and 'file <sha256> <name>' lines",
            description = "Bearer: the instance's unspent bootstrap token. The index, by precedence: with flotilla.agent.install.wheelhouse"
                    + " set, index-url is none and the wheelhouse's wheels are listed (instances install offline); else the private index"
                    + " of the cluster's workspace (its secret PACKAGE_INDEX_URL), with, when PACKAGE_INDEX_USERNAME or"
                    + " PACKAGE_INDEX_PASSWORD is set, a line 'index-auth <base64 of username:password>', and"
                    + " 'fallback-index-url <flotilla.agent.install.index-url>' for what the private index lacks; else"
                    + " flotilla.agent.install.index-url. The manifest is served only over this token-authorised route (pinned TLS on"
                    + " the instance port) and is never logged.")
    @ApiResponse(responseCode = "200", description = "The manifest", content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string")))
    public HttpResponse<String> manifest(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                         HttpRequest<?> request) {
        Cluster cluster = authorise(authorization, request);
        return HttpResponse.ok(files.manifest(cluster.workspaceId())).contentType(MediaType.TEXT_PLAIN_TYPE);
    }

    @Get("/runtime/{name}")
    @Operation(summary = "One file the runtime manifest lists (requirements, the agent's unit, the flotilla wheel, wheelhouse wheels)",
            description = "Bearer: the instance's unspent bootstrap token. A name the manifest does not list: 404 runtime_file_not_found.")
    @ApiResponse(responseCode = "200", description = "The file", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = "string", format = "binary")))
    public HttpResponse<?> file(@Parameter(hidden = true) @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathVariable String name, HttpRequest<?> request) {
        authorise(authorization, request);
        Object file = files.file(name).orElseThrow(() -> new ServiceException(ServiceException.Kind.NOT_FOUND,
                "runtime_file_not_found", "The agent's runtime has no file of this name; GET /api/v1/agent/runtime lists them.",
                Map.of("name", name)));
        return HttpResponse.ok(file instanceof Path path ? new SystemFile(path.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE) : file)
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE);
    }

    private Cluster authorise(@Nullable String authorization, HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        transport.require(AgentTransport.Route.INSTALL, request.isSecure(), peer == null ? null : peer.getAddress(), this::instanceUrl);
        return bootstrap.requireUnspent(authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null);
    }

    private String instanceUrl() {
        try {
            return applianceUrl.forInstances();
        } catch (RuntimeException e) {
            return "https://<appliance>:<flotilla.instance-tls.port>";
        }
    }
}
