package io.flotilla.ui;

import io.flotilla.audit.AuditLog;
import io.flotilla.audit.MutationCause;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's audit log shows the engine's own cloud changes with their cause, cloud account and resource ids
 * (headless Chromium against a whole appliance).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAuditBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    AuditLog audit;
    private HeadlessChromium browser;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1");
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
    void engineEntriesShowCauseAccountAndResources() {
        audit.recordEngine(MutationCause.system("orphan sweep"), "moto-account", null, "c-4f1e",
                List.of(new AuditLog.EngineEntry("instance.terminate", List.of("i-0abc123", "i-0def456"), null),
                        new AuditLog.EngineEntry("security_group.delete", List.of("sg-0feed"), "flotilla-c-4f1e")));

        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys("admin");
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        browser.byId("tokensView");
        browser.click("navAudit");
        browser.byId("auditView");
        browser.waitForGridCell("auditGrid", "security_group.delete");
        List<String> cells = browser.gridCells("auditGrid");
        assertThat(cells).contains("instance.terminate", "orphan sweep", "moto-account", "i-0abc123, i-0def456", "sg-0feed",
                "system", "c-4f1e");
        assertThat(cells).as("the column headers").contains("Cause", "Cloud account", "Resources");
        browser.screenshot("audit-engine");
    }
}
