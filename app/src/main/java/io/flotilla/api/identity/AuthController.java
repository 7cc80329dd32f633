package io.flotilla.api.identity;

import io.flotilla.api.error.ApiError;
import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.identity.IdentityViews.CreatedTokenView;
import io.flotilla.api.identity.IdentityViews.TokenView;
import io.flotilla.identity.Caller;
import io.flotilla.identity.SignInService;
import io.flotilla.identity.TokenService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The unauthenticated routes of password sign-in ({@code flotilla login}): exchange a username and
 * password for an API token, or set a new password with the current one. Both are throttled per
 * username and per client address (the TCP peer; forwarding headers are not trusted).
 */
@Controller("/api/v1/auth")
@Tag(name = "auth")
@DocumentedErrors
public class AuthController {
    private final SignInService signIn;
    private final TokenService tokens;

    public AuthController(SignInService signIn, TokenService tokens) {
        this.signIn = signIn;
        this.tokens = tokens;
    }

    /** The answers both routes share, besides 201. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "201", description = "Signed in: a new API token, shown only now",
            content = @Content(schema = @Schema(implementation = CreatedTokenView.class)))
    @ApiResponse(responseCode = "400", description = "invalid_input: a field is missing or malformed, or the new password breaks the password rules",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "bad_credentials: the username or password is wrong, or the user is disabled",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "429", description = "sign_in_throttled: too many failed sign-ins for this username or from this address",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before the next attempt", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @interface SignInResponses {
    }

    @Post("/token")
    @Status(HttpStatus.CREATED)
    @SecurityRequirement(name = "")
    @Operation(summary = "Sign in with a password and receive a new API token (shown once)")
    @SignInResponses
    @ApiResponse(responseCode = "403", description = "password_change_required: the password is right but serves only to choose a new one with POST /api/v1/auth/password",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CreatedTokenView token(HttpRequest<?> http, @Valid @Body IdentityRequests.PasswordLogin request) {
        Caller caller = signIn.signIn(request.username(), request.password(), clientAddress(http), "api");
        return issue(caller, request.tokenName(), request.expiresInDays());
    }

    @Post("/password")
    @Status(HttpStatus.CREATED)
    @SecurityRequirement(name = "")
    @Operation(summary = "Set a new password with the current one (required after the initial admin password, or one an admin set) and receive a new API token")
    @SignInResponses
    public CreatedTokenView changePassword(HttpRequest<?> http, @Valid @Body IdentityRequests.PasswordChange request) {
        Caller caller = signIn.changePassword(request.username(), request.password(), request.newPassword(),
                clientAddress(http), "api");
        return issue(caller, request.tokenName(), request.expiresInDays());
    }

    private CreatedTokenView issue(Caller caller, String tokenName, Integer expiresInDays) {
        TokenService.CreatedToken created = tokens.create(caller, tokenName == null ? "login" : tokenName,
                Duration.ofDays(expiresInDays == null ? 90 : expiresInDays));
        return new CreatedTokenView(TokenView.of(created.token()), created.secret());
    }

    /** The TCP peer's address: X-Forwarded-For and similar headers are not trusted. */
    private static String clientAddress(HttpRequest<?> http) {
        InetSocketAddress peer = http.getRemoteAddress();
        return peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
    }
}
