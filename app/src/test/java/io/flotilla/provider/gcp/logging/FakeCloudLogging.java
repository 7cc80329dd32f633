package io.flotilla.provider.gcp.logging;

import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.WriteLogEntriesRequest;
import com.google.logging.v2.WriteLogEntriesResponse;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A stateful fake of Cloud Logging's {@code google.logging.v2.LoggingServiceV2} gRPC service (test code; no
 * emulator exists): {@code WriteLogEntries} stores entries with the request's log name, resource and labels
 * copied in and an insert id and receive time assigned; {@code ListLogEntries} answers with the filters Flotilla
 * sends ({@link LoggingFilter}), {@code timestamp asc|desc} order and page tokens. Served in-process
 * ({@link #inProcess()}) or on a loopback port in plaintext ({@link #onLoopback()}) for real agents.
 */
public final class FakeCloudLogging implements AutoCloseable {
    private static final String SERVICE = "google.logging.v2.LoggingServiceV2";
    static final MethodDescriptor<WriteLogEntriesRequest, WriteLogEntriesResponse> WRITE =
            MethodDescriptor.<WriteLogEntriesRequest, WriteLogEntriesResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "WriteLogEntries"))
                    .setRequestMarshaller(ProtoUtils.marshaller(WriteLogEntriesRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(WriteLogEntriesResponse.getDefaultInstance()))
                    .build();
    static final MethodDescriptor<ListLogEntriesRequest, ListLogEntriesResponse> LIST =
            MethodDescriptor.<ListLogEntriesRequest, ListLogEntriesResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "ListLogEntries"))
                    .setRequestMarshaller(ProtoUtils.marshaller(ListLogEntriesRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ListLogEntriesResponse.getDefaultInstance()))
                    .build();
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 1000;

    private final boolean loopback;
    private final String inProcessName = "fake-cloud-logging-" + UUID.randomUUID();
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<ListLogEntriesRequest> listRequests = new ArrayList<>();
    private final AtomicLong insertIds = new AtomicLong();
    private Server server;

    private FakeCloudLogging(boolean loopback) {
        this.loopback = loopback;
    }

    /** A fake reached with {@link #channel()} in this JVM. */
    public static FakeCloudLogging inProcess() {
        return new FakeCloudLogging(false);
    }

    /** A fake on {@code 127.0.0.1} at a free port, plaintext ({@link #target()}). */
    public static FakeCloudLogging onLoopback() {
        return new FakeCloudLogging(true);
    }

    public FakeCloudLogging start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(WRITE, ServerCalls.asyncUnaryCall(this::write))
                .addMethod(LIST, ServerCalls.asyncUnaryCall(this::list))
                .build();
        server = (loopback ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                : InProcessServerBuilder.forName(inProcessName).directExecutor()).addService(service).build().start();
        return this;
    }

    /** The loopback port. */
    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:<port>}, the endpoint a client speaks plaintext to. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    /** A channel to the in-process fake (the caller shuts it down). */
    public ManagedChannel channel() {
        return InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
    }

    /** Every stored entry, in the order written. */
    public synchronized List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    /** Every ListLogEntries request received, in order. */
    public synchronized List<ListLogEntriesRequest> listRequests() {
        return List.copyOf(listRequests);
    }

    /** Stores entries as if written directly (tests that do not care how they were written). */
    public void add(WriteLogEntriesRequest request) {
        store(request);
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination();
        }
    }

    private void write(WriteLogEntriesRequest request, StreamObserver<WriteLogEntriesResponse> answer) {
        try {
            store(request);
        } catch (IllegalArgumentException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        answer.onNext(WriteLogEntriesResponse.getDefaultInstance());
        answer.onCompleted();
    }

    private synchronized void store(WriteLogEntriesRequest request) {
        List<LogEntry> stored = new ArrayList<>();
        for (LogEntry entry : request.getEntriesList()) {
            LogEntry.Builder b = entry.toBuilder();
            if (b.getLogName().isEmpty()) {
                b.setLogName(request.getLogName());
            }
            if (!b.hasResource()) {
                b.setResource(request.getResource());
            }
            request.getLabelsMap().forEach((k, v) -> {
                if (!b.containsLabels(k)) {
                    b.putLabels(k, v);
                }
            });
            if (b.getLogName().isEmpty() || !b.getLogName().matches("projects/[^/]+/logs/[^/]+")) {
                throw new IllegalArgumentException("Invalid log name: '" + b.getLogName() + "'");
            }
            if (b.getResource().getType().isEmpty()) {
                throw new IllegalArgumentException("An entry needs a monitored resource");
            }
            Timestamp now = timestamp(Instant.now());
            if (b.getInsertId().isEmpty()) {
                b.setInsertId("fake-" + insertIds.incrementAndGet());
            }
            if (!b.hasTimestamp()) {
                b.setTimestamp(now);
            }
            b.setReceiveTimestamp(now);
            stored.add(b.build());
        }
        entries.addAll(stored); // a request is stored whole or not at all
    }

    private void list(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> answer) {
        List<LogEntry> matching;
        int from;
        try {
            Predicate<LogEntry> filter = LoggingFilter.parse(request.getFilter());
            List<String> projects = request.getResourceNamesList();
            if (projects.isEmpty()) {
                throw new IllegalArgumentException("resource_names is required");
            }
            from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
            boolean descending = descending(request.getOrderBy());
            synchronized (this) {
                listRequests.add(request);
                Comparator<Integer> byTime = Comparator.comparing((Integer i) -> instant(entries.get(i).getTimestamp()))
                        .thenComparing(Comparator.naturalOrder()); // ties: in the order written
                matching = IntStream.range(0, entries.size()).boxed()
                        .filter(i -> projects.stream().anyMatch(p -> entries.get(i).getLogName().startsWith(p + "/logs/")))
                        .filter(i -> filter.test(entries.get(i)))
                        .sorted(descending ? byTime.reversed() : byTime)
                        .map(entries::get)
                        .toList();
            }
        } catch (IllegalArgumentException e) {
            answer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        int size = request.getPageSize() <= 0 ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, request.getPageSize());
        int to = Math.min(matching.size(), from + size);
        ListLogEntriesResponse.Builder page = ListLogEntriesResponse.newBuilder().addAllEntries(matching.subList(Math.min(from, to), to));
        if (to < matching.size()) {
            page.setNextPageToken(Integer.toString(to));
        }
        answer.onNext(page.build());
        answer.onCompleted();
    }

    private static boolean descending(String orderBy) {
        return switch (orderBy.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "", "timestamp", "timestamp asc" -> false;
            case "timestamp desc" -> true;
            default -> throw new IllegalArgumentException("Unsupported order_by: " + orderBy);
        };
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
