package io.flotilla.ui;

import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With local isolation off ({@code flotilla.local.run-as} naming the appliance's own user, the documented way to
 * turn it off, which is what a non-root appliance gets anyway), the clusters page tells users that local clusters
 * can read the appliance's data.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIsolationNoticeBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";

    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;

    private HeadlessChromium browser;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1", "flotilla.local.run-as", System.getProperty("user.name"));
    }

    @BeforeAll
    void setUp() {
        Caller admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
        users.update(admin, "admin", null, null, ADMIN_PASSWORD);
        browser = new HeadlessChromium("http://localhost:" + console.getPort());
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theClustersPageSaysLocalClustersAreNotIsolated() {
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys("admin");
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        browser.byId("tokensView");
        browser.click("navClusters");
        browser.byId("clustersView");
        assertThat(browser.byId("localIsolationNotice").getText())
                .contains("local clusters run as the appliance's user: any cluster's code can read the appliance's data");
        assertThat(browser.byId("localIsolationNotice").isDisplayed()).isTrue();
        browser.screenshot("clusters-isolation-notice");
    }
}
