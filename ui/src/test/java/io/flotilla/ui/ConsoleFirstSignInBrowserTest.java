package io.flotilla.ui;

import io.flotilla.identity.Caller;
import io.flotilla.identity.InitialAdminPassword;
import io.flotilla.identity.SignInService;
import io.flotilla.identity.UserService;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console on an appliance installed without FLOTILLA_ADMIN_TOKEN: the admin signs in with the
 * initial password from its file, must choose a new one, and lands in the console; and the login form
 * is throttled by the same service as the REST route, showing its sentence.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFirstSignInBrowserTest extends AppTestProperties {
    private static final String NEW_PASSWORD = "the admin's own password";

    @Inject
    ConsoleServer console;
    @Inject
    SignInService signIn;
    @Inject
    UserService users;

    private HeadlessChromium browser;

    @Override
    protected Map<String, String> extraProperties() {
        // a long first back-off, so that a slow browser still meets the lock-out the service calls started
        return Map.of("flotilla.console.port", "-1", "flotilla.admin-token", "", "flotilla.auth.sign-in.initial-back-off", "10m");
    }

    @BeforeAll
    void setUp() {
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theAdminSignsInWithTheInitialPasswordChoosesANewOneAndLandsInTheConsole() throws Exception {
        Path file = dataDir().resolve(InitialAdminPassword.FILE_NAME);
        String initial = Files.readString(file).trim();
        browser.signOutHard();
        signIn("admin", initial);
        browser.byId("changePasswordForm");
        assertThat(browser.driver().findElements(org.openqa.selenium.By.id("tokensView"))).isEmpty();
        browser.screenshot("change-password");

        browser.input("#newPasswordField").sendKeys("too-short");
        browser.input("#repeatPasswordField").sendKeys("too-short");
        browser.click("changePasswordButton");
        browser.waiting().until(d -> browser.byId("changePasswordError").getText().contains("between 12 and 256 characters"));
        assertThat(file).as("a refused password keeps the initial one").exists();

        browser.input("#newPasswordField").sendKeys(Keys.chord(Keys.CONTROL, "a"), NEW_PASSWORD);
        browser.input("#repeatPasswordField").sendKeys(Keys.chord(Keys.CONTROL, "a"), NEW_PASSWORD + "!");
        browser.click("changePasswordButton");
        browser.waiting().until(d -> browser.byId("changePasswordError").getText().contains("differ"));

        browser.input("#repeatPasswordField").sendKeys(Keys.BACK_SPACE);
        browser.click("changePasswordButton");
        browser.byId("tokensView");
        assertThat(browser.byId("userName").getText()).isEqualTo("admin");
        browser.screenshot("after-password-change");

        assertThat(file).as("the initial password file is gone").doesNotExist();
        assertThatThrownBy(() -> signIn.signIn("admin", initial, "test-check", "test")).hasMessageContaining("wrong");
        Caller admin = signIn.signIn("admin", NEW_PASSWORD, "test-check", "test");
        assertThat(users.me(admin).passwordChangeRequired()).isFalse();
    }

    @Test
    void theLoginFormIsThrottledAndSaysWhy() {
        browser.signOutHard();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> signIn.signIn("nobody-here", "wrong password", "127.0.0.1", "test"))
                    .hasMessageContaining("wrong");
        }
        signIn("nobody-here", "wrong password again");
        browser.waiting().until(d -> Boolean.parseBoolean(browser.byId("loginForm").getDomProperty("error")));
        Object message = browser.driver().executeScript("return document.getElementById('loginForm').i18n.errorMessage.message");
        assertThat(String.valueOf(message)).contains("Too many failed sign-ins").contains("Try again in");
        browser.screenshot("login-throttled");
    }

    private void signIn(String username, String password) {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys(username);
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(password, Keys.ENTER);
    }
}
