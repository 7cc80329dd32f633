package io.flotilla.ui;

import io.flotilla.identity.Caller;
import io.flotilla.identity.TokenService;
import io.flotilla.identity.UserService;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.ui.server.ConsoleServer;
import io.flotilla.usage.notices.Notification;
import io.flotilla.usage.notices.Notifications;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's notifications view (lists the user's notifications, marks one read) and usage settings panel (an admin
 * edits, the webhook secret is shown once), headless Chromium against a whole appliance.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleNotificationsBrowserTest extends AppTestProperties {
    private static final String ADMIN_PASSWORD = "admin-password-123";
    @Inject
    ConsoleServer console;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    Notifications notifications;
    @Inject
    io.flotilla.usage.notices.UsageSettingsService settings;
    private HeadlessChromium browser;
    private Caller admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1");
    }

    @BeforeAll
    void setUp() {
        admin = tokens.authenticate(ADMIN_TOKEN).orElseThrow();
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
    void theUsersNotificationsAreListedAndOneIsMarkedRead() {
        Notification idle = notifications.add(admin.userId(), null, null, Notification.IDLE_GPU,
                "GPU worker w-1 of cluster train has used its 1 GPU below 10% for 30 minutes (now 2%)");

        browser.signOutHard();
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys("admin");
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        browser.byId("tokensView");
        browser.click("navNotifications");
        browser.byId("notificationsView");
        browser.waitForGridCell("notificationsGrid", idle.message());
        assertThat(browser.gridCells("notificationsGrid")).contains("unread");
        assertThat(browser.byId("notificationsUnread").getText()).isEqualTo("1 unread");
        browser.click("markRead-" + idle.id());
        browser.waiting().until(ExpectedConditions.textToBe(org.openqa.selenium.By.id("notificationsUnread"), "Nothing unread."));
        assertThat(notifications.unread(admin.userId())).isZero();
        browser.screenshot("notifications");
    }

    @Test
    void anAdminChangesTheUsageSettingsAndSeesTheWebhookSecretOnce() {
        browser.signOutHard();
        browser.open("/login");
        browser.input("vaadin-login-form vaadin-text-field").sendKeys("admin");
        browser.input("vaadin-login-form vaadin-password-field").sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        browser.byId("tokensView");
        browser.click("navUsageSettings");
        browser.byId("usageSettingsPanel");
        assertThat(browser.byId("collectedFields").getText()).contains("GPU utilisation", "task prefixes");
        var minutes = browser.byId("idleGpuMinutes").findElement(org.openqa.selenium.By.tagName("input"));
        minutes.sendKeys(Keys.chord(Keys.CONTROL, "a"), "45", Keys.TAB);
        browser.byId("webhookUrl").findElement(org.openqa.selenium.By.tagName("input"))
                .sendKeys("https://hooks.example.com/flotilla", Keys.TAB);
        browser.click("saveUsageSettings");
        browser.waiting().until(d -> browser.byId("webhookSecret").getText().contains("whsec_"));
        assertThat(settings.get(admin, "default").idleGpuMinutes()).isEqualTo(45);
        assertThat(settings.get(admin, "default").webhookUrl()).isEqualTo("https://hooks.example.com/flotilla");
        browser.click("navNotifications");
        browser.byId("notificationsView");
        browser.click("navUsageSettings");
        browser.byId("usageSettingsPanel");
        assertThat(browser.byId("webhookSecret").getText()).as("shown once").doesNotContain("whsec_");
        browser.screenshot("usage-settings");
    }
}
