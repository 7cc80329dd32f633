package io.flotilla.ui;

import io.flotilla.identity.ApiToken;
import io.flotilla.identity.Caller;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Role;
import io.flotilla.identity.SignInService;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.flotilla.identity.WorkspaceService;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Drives the console in headless Chromium against a whole appliance: sign-in, the token life cycle
 * (value shown once, then revoked) checked against {@link TokenService}, and the audit log, users and
 * members pages as admin.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends AppTestProperties {
    private static final String USER = "alice";
    private static final String USER_PASSWORD = "alice-password-123";
    private static final String ADMIN_PASSWORD = "admin-password-123";

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    WorkspaceService workspaces;
    @Inject
    SignInService signInService;

    private HeadlessChromium browser;
    private Caller alice;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1");
    }

    @BeforeAll
    void setUp() {
        Caller admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        users.create(admin, USER, "Alice Example", USER_PASSWORD, false);
        alice = signInService.signIn(USER, USER_PASSWORD, "test-setup", "test");
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.signOutHard();
    }

    @Test
    void pagesNeedSignInAndWrongPasswordShowsError() {
        browser.open("/tokens");
        browser.byId("loginForm");
        assertThat(browser.driver().getCurrentUrl()).as("redirected to login").endsWith("/login");
        browser.screenshot("login");

        signIn(USER, "not-the-password");

        browser.waiting().until(d -> Boolean.parseBoolean(browser.byId("loginForm").getDomProperty("error")));
        browser.screenshot("login-error");
        assertThat(browser.driver().findElements(By.id("tokensView"))).isEmpty();
    }

    @Test
    void tokenIsShownOnceWorksAndCanBeRevokedAndTheAdminSeesItAudited() {
        signIn(USER, USER_PASSWORD);
        browser.byId("tokensView");
        assertThat(browser.byId("userName").getText()).isEqualTo(USER);

        browser.input("#tokenName").sendKeys("laptop");
        browser.input("#tokenExpiryDays").sendKeys("30");
        browser.click("createTokenButton");

        String secret = browser.waiting().until(d -> {
            String value = browser.input("#createdTokenValue").getDomProperty("value");
            return value == null || value.isEmpty() ? null : value;
        });
        assertThat(browser.byId("createdTokenWarning").getText()).contains("cannot be shown again");
        browser.screenshot("token-created");
        assertThat(tokens.authenticate(secret)).as("the shown value is a working token").contains(alice);

        browser.click("closeCreatedToken");
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("createdTokenValue"), 0));
        browser.waitForGridCell("tokensGrid", "laptop");
        assertThat(browser.driver().getPageSource()).as("the value is gone from the page").doesNotContain(secret);
        browser.open("/tokens");
        browser.waitForGridCell("tokensGrid", "laptop");
        assertThat(browser.driver().getPageSource()).as("and is not shown again").doesNotContain(secret);
        browser.screenshot("tokens");

        ApiToken token = tokens.list(alice).stream().filter(t -> t.name().equals("laptop")).findFirst().orElseThrow();
        browser.click("revoke-" + token.id());
        browser.click("confirmRevokeButton");
        browser.waitForGridCell("tokensGrid", "revoked");
        assertThat(tokens.authenticate(secret)).as("a revoked token no longer works").isEmpty();

        browser.click("logoutButton");
        browser.byId("loginForm");
        signIn("admin", ADMIN_PASSWORD);
        browser.byId("tokensView");
        browser.click("navAudit");
        browser.byId("auditView");
        browser.waitForGridCell("auditGrid", "token.revoke");
        browser.waitForGridCell("auditGrid", "token.create");
        assertThat(browser.gridCells("auditGrid")).contains(USER, "laptop");
        browser.screenshot("audit");

        browser.click("navUsers");
        browser.waitForGridCell("usersGrid", USER);
        browser.screenshot("users");
        browser.click("navMembers");
        browser.waitForGridCell("membersGrid", "admin");
        browser.screenshot("members");
    }

    @Test
    void adminCreatesAUserAddsItToTheWorkspaceAndDisablesIt() {
        signIn("admin", ADMIN_PASSWORD);
        browser.byId("tokensView");
        browser.click("navUsers");
        browser.click("newUserButton");
        browser.input("#newUsername").sendKeys("bob");
        browser.input("#newDisplayName").sendKeys("Bob Builder");
        browser.input("#newPassword").sendKeys("short");
        browser.click("createUserButton");
        browser.waitForNotification("between 12 and 256 characters");
        browser.input("#newPassword").sendKeys("-but-now-long-enough");
        browser.click("createUserButton");
        browser.waitForGridCell("usersGrid", "bob");
        assertThat(signInService.signIn("bob", "short-but-now-long-enough", "test-check", "test").username()).isEqualTo("bob");

        browser.click("navMembers");
        browser.input("#memberUsername").sendKeys("bob");
        browser.click("addMemberButton");
        browser.waitForGridCell("membersGrid", "Bob Builder");
        Caller admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        assertThat(workspaces.members(admin, "default")).extracting(WorkspaceService.Member::username, WorkspaceService.Member::role)
                .contains(tuple("bob", Role.MEMBER));

        browser.click("navUsers");
        browser.click("disable-bob");
        browser.waitForGridCell("usersGrid", "disabled");
        assertThatThrownBy(() -> signInService.signIn("bob", "short-but-now-long-enough", "test-check", "test"))
                .as("a disabled user cannot sign in").isInstanceOf(ServiceException.class).hasMessageContaining("disabled");
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
    }
}
