package io.flotilla.ui;

import io.flotilla.testing.AppTestProperties;
import io.flotilla.ui.server.ConsoleServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's Jetty runs inside the appliance's context on a free port, serves the prebuilt Vaadin
 * bundle, stops with the context, and is absent when switched off.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleServerTest extends AppTestProperties {
    @Inject
    ConsoleServer console;
    @Inject
    ApplicationContext context;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("flotilla.console.port", "-1");
    }

    @Test
    void servesTheProductionBundleOnTheActualPort() throws Exception {
        assertThat(console.getPort()).as("a free port was picked").isPositive().isNotEqualTo(8081);
        HttpResponse<String> page = get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("VAADIN/build/indexhtml-");
        assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("HttpOnly"));

        String script = page.body().replaceAll("(?s).*src=\"\\./(VAADIN/build/indexhtml-[^\"]+\\.js)\".*", "$1");
        assertThat(get("/" + script).statusCode()).as("the prebuilt frontend bundle is served: " + script).isEqualTo(200);
    }

    @Test
    void stopsWithItsContext() throws Exception {
        int port;
        try (ApplicationContext other = ApplicationContext.run(sameDatabase(Map.of("flotilla.console.port", "0")))) {
            port = other.getBean(ConsoleServer.class).getPort();
            assertThat(port).isPositive();
        }
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("localhost", port), 2000))
                    .as("nothing listens on the console port after shutdown").isInstanceOf(IOException.class);
        }
    }

    @Test
    void canBeSwitchedOffForAHeadlessAppliance() {
        try (ApplicationContext headless = ApplicationContext.run(sameDatabase(Map.of("flotilla.console.enabled", "false")))) {
            assertThat(headless.containsBean(ConsoleServer.class)).as("headless: no console").isFalse();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + console.getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> sameDatabase(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("datasources.default.url", context.getProperty("datasources.default.url", String.class).orElseThrow());
        properties.put("datasources.default.username", "postgres");
        properties.put("datasources.default.password", "");
        properties.put("flotilla.data-dir", dataDir().toString());
        return properties;
    }
}
