package io.flotilla.usage.notices;

import io.micronaut.retry.annotation.Retryable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs one signed webhook body (JDK HTTP client), retried with exponential backoff
 * ({@code flotilla.usage.webhook.attempts}, {@code flotilla.usage.webhook.retry-delay}) when the receiver cannot be
 * reached or answers other than 2xx.
 */
@Singleton
public class WebhookClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Sends the body; throws {@link WebhookFailedException} once every attempt failed. */
    @Retryable(attempts = "${flotilla.usage.webhook.attempts:4}", delay = "${flotilla.usage.webhook.retry-delay:5s}",
            multiplier = "2.0", includes = WebhookFailedException.class)
    public void post(URI url, String body, String timestamp, String signature) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Flotilla-Webhook")
                .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                .header(WebhookSignature.SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new WebhookFailedException("the webhook at " + url.getHost() + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new WebhookFailedException("the webhook at " + url.getHost() + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookFailedException("sending to the webhook at " + url.getHost() + " was interrupted");
        }
    }

    /** A webhook POST that did not get a 2xx answer. */
    public static class WebhookFailedException extends RuntimeException {
        public WebhookFailedException(String message) {
            super(message);
        }
    }
}
