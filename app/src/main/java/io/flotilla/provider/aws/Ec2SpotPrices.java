package io.flotilla.provider.aws;

import jakarta.inject.Singleton;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Current EC2 spot prices ({@code DescribeSpotPriceHistory}, Linux/UNIX) with the appliance's own credentials: the
 * newest price of each availability zone in the last day, averaged over the zones (a fleet may land in any of them).
 */
@Singleton
public class Ec2SpotPrices {
    /** The product description whose prices are read (workers run Linux). */
    public static final String LINUX = "Linux/UNIX";
    private final AwsClients clients;
    private final Clock clock;

    public Ec2SpotPrices(AwsClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** US dollars per hour of the type in the region, empty when EC2 has no recent price for it. */
    public OptionalDouble current(String region, String instanceType) {
        var request = DescribeSpotPriceHistoryRequest.builder()
                .instanceTypesWithStrings(instanceType)
                .productDescriptions(LINUX)
                .startTime(clock.instant().minus(Duration.ofDays(1)))
                .build();
        Map<String, SpotPrice> newestByZone = clients.ec2(region).describeSpotPriceHistoryPaginator(request)
                .spotPriceHistory().stream()
                .collect(Collectors.toMap(SpotPrice::availabilityZone, price -> price,
                        (a, b) -> a.timestamp().isAfter(b.timestamp()) ? a : b));
        return newestByZone.values().stream().mapToDouble(price -> Double.parseDouble(price.spotPrice())).average();
    }
}
