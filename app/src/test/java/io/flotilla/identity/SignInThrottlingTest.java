package io.flotilla.identity;

import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.MovableClock;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password sign-in is throttled per username and per client address with a doubling back-off (defaults
 * of {@link SignInSettings}), answered as 429 with Retry-After; time is moved on the appliance clock.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInThrottlingTest extends AppTestProperties {
    private static final String PASSWORD = "the right password, long enough";
    private final MovableClock clock = new MovableClock();
    @Inject
    EmbeddedServer server;
    HttpClient client;
    Api admin;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @BeforeAll
    void setUp() {
        // created here, not injected: with a @MockBean the test instance exists before the server has its port
        client = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
        admin = new Api(client, ADMIN_TOKEN);
        for (String user : List.of("erin", "frank", "grace")) {
            assertThat(admin.post("/api/v1/users", Map.of("username", user, "password", PASSWORD)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    void closeClient() {
        client.close();
    }

    @BeforeEach
    void forgetEarlierTests() {
        clock.advance(Duration.ofDays(2));
    }

    @Test
    void twentyWrongPasswordsLockTheUserOutUntilTheBackOffHasPassed() {
        Reply last = null;
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            last = signIn("erin", "wrong password " + i);
            refused += last.status == 429 ? 1 : 0;
            assertThat(last.status).as("attempt " + (i + 1) + ": " + last.body).isIn(401, 429);
        }
        assertThat(refused).as("the attempts past the allowance of 10 are refused").isEqualTo(10);
        assertThat(last.status).isEqualTo(429);
        assertThat(last.retryAfter).as("Retry-After").isNotNull();
        assertThat(last.body).contains("\"sign_in_throttled\"").contains("Try again in " + last.retryAfter + " second");

        Reply right = signIn("erin", PASSWORD);
        assertThat(right.status).as("the right password during the lock-out is refused too").isEqualTo(429);

        clock.advance(Duration.ofSeconds(Long.parseLong(last.retryAfter)));
        assertThat(signIn("erin", PASSWORD).status).as("after the back-off the right password works").isEqualTo(201);

        List<Map<String, Object>> audit = admin.get("/api/v1/audit?limit=50").list();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo(SignInAudit.LOCK_OUT);
            assertThat(e.get("target")).isEqualTo("erin");
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo(SignInAudit.SIGN_IN);
            assertThat(e.get("actor")).isEqualTo("erin");
        });
    }

    @Test
    void eachFurtherFailureDoublesTheWaitAndASuccessClearsIt() {
        for (int i = 0; i < 10; i++) {
            assertThat(signIn("frank", "wrong password " + i).status).isEqualTo(401);
        }
        Reply first = signIn("frank", "wrong again");
        assertThat(first.status).isEqualTo(429);
        assertThat(first.retryAfter).isEqualTo("5");
        clock.advance(Duration.ofSeconds(5));
        assertThat(signIn("frank", "still wrong").status).as("one attempt after the back-off").isEqualTo(401);
        Reply second = signIn("frank", "wrong again");
        assertThat(second.retryAfter).as("the next wait is twice as long").isEqualTo("10");
        clock.advance(Duration.ofSeconds(10));
        assertThat(signIn("frank", PASSWORD).status).isEqualTo(201);
        assertThat(signIn("frank", "a typo after success").status).as("a success gives the allowance back").isEqualTo(401);
    }

    @Test
    void manyUsernamesFromOneAddressLockTheAddressOutButNotApiTokens() {
        int firstRefused = -1;
        for (int i = 0; i < 60 && firstRefused < 0; i++) {
            Reply reply = signIn("guess-" + i, "some password");
            if (reply.status == 429) {
                firstRefused = i;
            } else {
                assertThat(reply.status).isEqualTo(401);
            }
        }
        assertThat(firstRefused).as("the address's allowance of 50 failures, whatever the username").isEqualTo(50);
        Reply right = signIn("grace", PASSWORD);
        assertThat(right.status).as("another user's right password from that address is refused too").isEqualTo(429);
        assertThat(right.retryAfter).isNotNull();
        assertThat(admin.get("/api/v1/me").status()).as("API tokens are not throttled").isEqualTo(200);
        assertThat(admin.get("/api/v1/audit?limit=50").list()).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo(SignInAudit.LOCK_OUT);
            assertThat(e.get("target")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        });
        clock.advance(Duration.ofSeconds(Long.parseLong(right.retryAfter)));
        assertThat(signIn("grace", PASSWORD).status).isEqualTo(201);
    }

    private record Reply(int status, String retryAfter, String body) {
    }

    private Reply signIn(String username, String password) {
        HttpRequest<?> request = HttpRequest.create(HttpMethod.POST, "/api/v1/auth/token")
                .body(Map.of("username", username, "password", password)).contentType(MediaType.APPLICATION_JSON_TYPE);
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            return new Reply(response.code(), response.header("Retry-After"), response.body());
        } catch (HttpClientResponseException e) {
            return new Reply(e.getStatus().getCode(), e.getResponse().header("Retry-After"),
                    e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
