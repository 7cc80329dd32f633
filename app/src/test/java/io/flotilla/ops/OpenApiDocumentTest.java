package io.flotilla.ops;

import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document lists every API route, with request and response schemas. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends AppTestProperties {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Router router;

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDocumentedWithSchemas() {
        String yaml = client.toBlocking().retrieve("/api/v1/openapi/flotilla-api-v1.yml");
        // the document is served without a charset, so clients (schemathesis among them) read it as Latin-1
        assertThat(yaml.chars().filter(c -> c > 0x7f).mapToObj(Character::toString).distinct().toList())
                .as("non-ASCII characters in the OpenAPI document (write ... instead of an ellipsis, - for a dash)").isEmpty();
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>)
                new Yaml().<Map<String, Object>>load(yaml).get("paths");
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes()
                .filter(r -> r.getUriMatchTemplate().toString().startsWith("/api/v1") || r.getUriMatchTemplate().toString().equals("/metrics"))
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD && r.getHttpMethod() != HttpMethod.OPTIONS)
                .toList();
        assertThat(routes).isNotEmpty();
        for (UriRouteInfo<?, ?> route : routes) {
            String path = route.getUriMatchTemplate().toPathString();
            String method = route.getHttpMethod().name().toLowerCase();
            assertThat(paths).as("documented path " + path).containsKey(path);
            Map<String, Object> operation = paths.get(path).get(method);
            assertThat(operation).as(method + " " + path).isNotNull();
            if (route.getBodyArgument().isPresent()) {
                assertThat(operation.get("requestBody").toString()).as("request schema of " + method + " " + path).contains("schema");
            }
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertThat(responses).as("errors documented on " + method + " " + path + " (@DocumentedErrors on its controller)")
                    .containsKeys("400", "401", "403", "404");
            assertThat(String.valueOf(responses.get("400").get("content"))).contains("#/components/schemas/Error");
            responses.entrySet().stream().filter(e -> e.getKey().startsWith("2") && !e.getKey().equals("204"))
                    .forEach(e -> assertThat(String.valueOf(e.getValue().get("content")))
                            .as("response schema of " + method + " " + path).contains("schema"));
        }
    }

    @Test
    void browsableReferenceIsServedLocally() {
        String page = client.toBlocking().retrieve("/api-docs/index.html");
        assertThat(page).contains("flotilla-api-v1.yml");
        String script = page.replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(client.toBlocking().exchange(script).code()).as("swagger-ui served from the appliance").isEqualTo(200);
    }
}
