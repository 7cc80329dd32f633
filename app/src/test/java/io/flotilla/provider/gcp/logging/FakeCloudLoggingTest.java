package io.flotilla.provider.gcp.logging;

import com.google.api.MonitoredResource;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.WriteLogEntriesRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Cloud Logging fake through the real low-level Java client: writes, filters, order, pages, refusals. */
class FakeCloudLoggingTest {
    static final String LOG = "projects/p1/logs/flotilla-team";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    FakeCloudLogging fake;
    ManagedChannel channel;
    LoggingClient client;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCloudLogging.inProcess().start();
        channel = fake.channel();
        client = LoggingClient.create(LoggingSettings.newBuilder().setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .build());
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        channel.shutdownNow();
        fake.close();
    }

    @Test
    void writeCopiesTheRequestsNameResourceAndLabelsAndAssignsIds() {
        write("worker-1", 0, 1, "a");
        LogEntry entry = fake.entries().get(0);
        assertThat(entry.getLogName()).isEqualTo(LOG);
        assertThat(entry.getResource().getType()).isEqualTo("generic_node");
        assertThat(entry.getLabelsMap()).containsEntry("flotilla-instance", "worker-1").containsEntry("flotilla-cluster", "c1")
                .containsEntry("own", "yes");
        assertThat(entry.getInsertId()).isNotEmpty();
        assertThat(entry.hasReceiveTimestamp()).isTrue();
        assertThat(entry.getTextPayload()).isEqualTo("a0");
    }

    @Test
    void listFiltersByLogLabelsAndTimeAndOrdersAndPages() {
        write("worker-1", 0, 5, "w1-");
        write("worker-2", 0, 5, "w2-");
        fake.add(WriteLogEntriesRequest.newBuilder().setLogName("projects/p1/logs/other")
                .setResource(MonitoredResource.newBuilder().setType("global")).putLabels("flotilla-cluster", "c1")
                .addEntries(LogEntry.newBuilder().setTextPayload("elsewhere").setTimestamp(FakeCloudLogging.timestamp(T0))).build());

        assertThat(texts("logName=\"" + LOG + "\" AND labels.\"flotilla-instance\"=\"worker-2\"", "timestamp asc", 2))
                .containsExactly("w2-0", "w2-1", "w2-2", "w2-3", "w2-4");
        assertThat(texts("logName=\"" + LOG + "\" AND labels.flotilla-cluster=\"c1\" AND timestamp>=\"" + T0.plusSeconds(3)
                + "\" AND timestamp<=\"" + T0.plusSeconds(4) + "\"", "timestamp desc", 3))
                .containsExactly("w2-4", "w1-4", "w2-3", "w1-3");
        assertThat(texts("labels.\"flotilla-instance\"=\"worker-1\" OR labels.\"flotilla-instance\"=\"worker-2\" "
                + "AND timestamp<\"" + T0.plusSeconds(1) + "\"", "", 100)).containsExactly("w1-0", "w2-0");
        assertThat(texts("NOT logName=\"" + LOG + "\"", "", 100)).containsExactly("elsewhere");
        assertThat(texts("(labels.\"flotilla-instance\"=\"worker-1\" AND timestamp>\"" + T0.plusSeconds(3) + "\") OR logName=\"x\"",
                "", 100)).containsExactly("w1-4");

        ListLogEntriesResponse first = client.listLogEntriesCallable().call(ListLogEntriesRequest.newBuilder()
                .addResourceNames("projects/p1").setFilter("logName=\"" + LOG + "\"").setPageSize(4).build());
        assertThat(first.getEntriesCount()).isEqualTo(4);
        assertThat(first.getNextPageToken()).isNotEmpty();
        assertThat(fake.listRequests()).last().extracting(ListLogEntriesRequest::getPageSize).isEqualTo(4);
        assertThat(texts("", "", 1)).hasSize(11);
        assertThat(texts("", "", 1)).isEqualTo(texts("", "timestamp asc", 7));
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> texts("textPayload:\"x\"", "", 10)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("does not understand");
        assertThatThrownBy(() -> texts("timestamp>=\"yesterday\"", "", 10)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> texts("", "severity desc", 10)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> client.writeLogEntries(WriteLogEntriesRequest.newBuilder().setLogName("nope")
                .addEntries(LogEntry.newBuilder().setTextPayload("x")).build())).isInstanceOf(InvalidArgumentException.class);
        assertThat(fake.entries()).isEmpty();
    }

    @Test
    void servesRealClientsOnALoopbackPort() throws Exception {
        try (FakeCloudLogging loopback = FakeCloudLogging.onLoopback().start();
             LoggingClient remote = LoggingClient.create(LoggingSettings.newBuilder()
                     .setEndpoint(loopbackTarget(loopback))
                     .setCredentialsProvider(NoCredentialsProvider.create())
                     .setTransportChannelProvider(LoggingSettings.defaultGrpcTransportProviderBuilder()
                             .setEndpoint(loopbackTarget(loopback)).setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
                     .build())) {
            remote.writeLogEntries(request("worker-1", 0, 2, "net-"));
            assertThat(loopback.entries()).extracting(LogEntry::getTextPayload).containsExactly("net-0", "net-1");
            assertThat(loopback.port()).isPositive();
        }
    }

    private static String loopbackTarget(FakeCloudLogging fake) {
        return fake.target();
    }

    private void write(String instance, int from, int count, String prefix) {
        client.writeLogEntries(request(instance, from, count, prefix));
    }

    private static WriteLogEntriesRequest request(String instance, int from, int count, String prefix) {
        WriteLogEntriesRequest.Builder request = WriteLogEntriesRequest.newBuilder().setLogName(LOG)
                .setResource(MonitoredResource.newBuilder().setType("generic_node").putLabels("node_id", instance))
                .putLabels("flotilla-cluster", "c1").putLabels("flotilla-instance", instance).putLabels("own", "no");
        IntStream.range(from, from + count).forEach(i -> request.addEntries(LogEntry.newBuilder().setTextPayload(prefix + i)
                .putLabels("own", "yes").setTimestamp(FakeCloudLogging.timestamp(T0.plusSeconds(i)))));
        return request.build();
    }

    private List<String> texts(String filter, String orderBy, int pageSize) {
        ListLogEntriesRequest request = ListLogEntriesRequest.newBuilder().addResourceNames("projects/p1").setFilter(filter)
                .setOrderBy(orderBy).setPageSize(pageSize).build();
        return StreamSupport.stream(client.listLogEntries(request).iterateAll().spliterator(), false)
                .map(LogEntry::getTextPayload).toList();
    }
}
