package io.flotilla.usage.pricing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the AWS Price List API (moto does not serve it): answers {@code GetProducts} (AWS JSON 1.1) with one
 * on-demand product for the region and type it is given, and an empty list for other regions; can be told to fail.
 */
final class FakePriceListApi implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private volatile boolean failing;

    FakePriceListApi(String region, String instanceType, String usdPerHour) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + body);
            }
            String answer;
            int status = 200;
            if (failing) {
                status = 400;
                answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform pricing:GetProducts\"}";
            } else if (body.contains("\"" + region + "\"")) {
                String product = "{\"product\":{\"attributes\":{\"instanceType\":\"" + instanceType + "\",\"regionCode\":\""
                        + region + "\"}},\"terms\":{\"OnDemand\":{\"T1\":{\"priceDimensions\":{\"D1\":{\"unit\":\"Hrs\","
                        + "\"pricePerUnit\":{\"USD\":\"" + usdPerHour + "\"}}}}}}}";
                answer = "{\"FormatVersion\":\"aws_v1\",\"PriceList\":[" + quoted(product) + "]}";
            } else {
                answer = "{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
