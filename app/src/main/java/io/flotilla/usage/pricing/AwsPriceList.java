package io.flotilla.usage.pricing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads EC2 on-demand prices of one region from the AWS Price List API ({@code pricing:GetProducts}): Linux, shared
 * tenancy, no pre-installed software, no licence, used capacity (the variant the shipped table holds).
 */
public class AwsPriceList {
    private final PricingClient pricing;
    private final JsonMapper json;

    public AwsPriceList(PricingClient pricing, JsonMapper json) {
        this.pricing = pricing;
        this.json = json;
    }

    /** Instance type → US dollars per hour in the region. */
    public Map<String, Double> onDemand(String region) {
        GetProductsRequest request = GetProductsRequest.builder()
                .serviceCode("AmazonEC2")
                .filters(match("regionCode", region), match("operatingSystem", "Linux"), match("tenancy", "Shared"),
                        match("preInstalledSw", "NA"), match("capacitystatus", "Used"),
                        match("licenseModel", "No License required"))
                .formatVersion("aws_v1")
                .build();
        Map<String, Double> prices = new HashMap<>();
        pricing.getProductsPaginator(request).priceList().forEach(product -> read(product, prices));
        return prices;
    }

    private void read(String product, Map<String, Double> prices) {
        JsonNode node;
        try {
            node = json.readValue(product, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the AWS price list sent a product that is not JSON", e);
        }
        JsonNode type = path(node, "product", "attributes", "instanceType");
        JsonNode onDemand = path(node, "terms", "OnDemand");
        if (type == null || onDemand == null) {
            return;
        }
        for (JsonNode term : onDemand.values()) {
            JsonNode dimensions = term.get("priceDimensions");
            for (JsonNode dimension : dimensions == null ? List.<JsonNode>of() : dimensions.values()) {
                JsonNode usd = path(dimension, "pricePerUnit", "USD");
                JsonNode unit = dimension.get("unit");
                if (usd != null && unit != null && "Hrs".equals(unit.getStringValue())) {
                    double price = Double.parseDouble(usd.getStringValue());
                    if (price > 0) {
                        prices.put(type.getStringValue(), price);
                    }
                }
            }
        }
    }

    private static JsonNode path(JsonNode node, String... names) {
        JsonNode at = node;
        for (String name : names) {
            at = at == null ? null : at.get(name);
        }
        return at;
    }

    private static Filter match(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }
}
