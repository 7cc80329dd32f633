package io.flotilla.provider.gcp;

import com.google.cloud.compute.v1.Error;
import com.google.cloud.compute.v1.ErrorDetails;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.QuotaExceededInfo;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful fake of the Compute Engine REST API (v1) on a loopback port, for the real Google client: the routes the
 * {@code gcp} provider calls (instances insert/get/delete/list/aggregatedList with {@code labels.k = "v"} filters,
 * firewalls insert/get/delete/list, zone and global operations get/wait/list, machine types, zones), with GCP's
 * naming, label and metadata rules (400 on a violation), decimal ids, request-id dedupe and Operations that are DONE
 * at once or RUNNING for a few polls. Faults can be injected: a zone without capacity (for all VMs or Spot ones), an
 * exhausted quota, the API disabled, an Operation that fails without an HTTP status. {@link #preempt} does to a Spot
 * VM what Compute Engine does. Every call is recorded ({@link #calls()}).
 *
 * <p>Preemption as Compute Engine documents it: the VM gets a {@code compute.instances.preempted} zone operation
 * (status DONE, {@code targetLink} the instance, user {@code system}); with {@code instanceTerminationAction=DELETE}
 * the VM is then deleted (a get answers 404), with {@code STOP} it stays with status {@code TERMINATED} and a
 * {@code lastStopTimestamp}.
 */
public final class FakeComputeEngine implements AutoCloseable {
    /** One call the fake answered. */
    public record Call(String method, String path, String query) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeGceState state;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    private FakeComputeEngine(HttpServer server, ExecutorService executor, FakeGceState state) {
        this.server = server;
        this.executor = executor;
        this.state = state;
    }

    /** A fake of project {@code flotilla-test} with zones europe-west1-b, -c, -d. */
    public static FakeComputeEngine start() {
        return start("flotilla-test", "europe-west1", List.of("europe-west1-b", "europe-west1-c", "europe-west1-d"));
    }

    /** A fake of one project with the zones of one region (and a zone of another region, to be filtered out). */
    public static FakeComputeEngine start(String project, String region, List<String> zones) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread thread = new Thread(r, "fake-gce-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            FakeComputeEngine fake = new FakeComputeEngine(server, executor, new FakeGceState(project, region, zones));
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Compute Engine", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint the client is given. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String project() {
        return state.project;
    }

    public String region() {
        return state.region;
    }

    public List<String> zones() {
        return state.zones;
    }

    /** Every instance of the project now. */
    public List<Instance> instances() {
        return state.instances();
    }

    /** The instance of this name in any zone. */
    public Optional<Instance> instance(String name) {
        return state.instances().stream().filter(i -> i.getName().equals(name)).findFirst();
    }

    /** Every firewall rule of the project now. */
    public List<Firewall> firewalls() {
        return state.firewalls();
    }

    /** A firewall rule created by someone else (e.g. without Flotilla's ownership). */
    public void putFirewall(Firewall firewall) {
        state.putFirewall(firewall);
    }

    /** Every VPC network of the project now. */
    public List<com.google.cloud.compute.v1.Network> networks() {
        return state.networks().networks();
    }

    /** Every subnetwork of the project now. */
    public List<com.google.cloud.compute.v1.Subnetwork> subnetworks() {
        return state.networks().subnetworks();
    }

    /** A VPC network created by someone else (e.g. without Flotilla's ownership in its description). */
    public void putNetwork(com.google.cloud.compute.v1.Network network) {
        state.networks().putNetwork(network);
    }

    /** The metadata items of an instance ({@code startup-script}, …); IllegalArgumentException when it does not exist. */
    public Map<String, String> metadata(String instanceName) {
        Instance instance = instance(instanceName).orElseThrow(() -> new IllegalArgumentException("no instance " + instanceName));
        Map<String, String> items = new LinkedHashMap<>();
        for (Items item : instance.getMetadata().getItemsList()) {
            items.put(item.getKey(), item.getValue());
        }
        return items;
    }

    /** Every zone operation recorded in the zone (inserts, deletes, preemptions). */
    public List<Operation> zoneOperations(String zone) {
        return state.zoneOperations(zone);
    }

    /** Inserts in the zone fail: the Operation ends DONE with {@code ZONE_RESOURCE_POOL_EXHAUSTED} (HTTP 503), as GCE's. */
    public void injectZoneExhausted(String zone) {
        state.injectInsertFailure(zone, false, capacityError(zone));
    }

    /** Inserts of Spot VMs in the zone fail with {@code ZONE_RESOURCE_POOL_EXHAUSTED}; on-demand ones succeed. */
    public void injectSpotExhausted(String zone) {
        state.injectInsertFailure(zone, true, capacityError(zone));
    }

    /**
     * Every insert fails: the Operation ends DONE with {@code QUOTA_EXCEEDED} (HTTP 403), naming the quota and its
     * metric as Compute Engine does, e.g. {@code injectQuota("CPUS", "compute.googleapis.com/cpus")}.
     */
    public void injectQuota(String quota, String metric) {
        Operation failure = Operation.newBuilder().setHttpErrorStatusCode(403).setHttpErrorMessage("FORBIDDEN")
                .setError(Error.newBuilder().addErrors(Errors.newBuilder().setCode("QUOTA_EXCEEDED")
                        .setMessage("Quota '" + quota + "' exceeded.  Limit: 24.0 in region " + state.region + ".")
                        .addErrorDetails(ErrorDetails.newBuilder().setQuotaInfo(QuotaExceededInfo.newBuilder()
                                .setMetricName(metric).setLimitName(quota + "-per-project-region").setLimit(24)))))
                .build();
        state.zones.forEach(zone -> state.injectInsertFailure(zone, false, failure));
    }

    /** Inserts in the zone end with an Operation DONE carrying this error and no HTTP status (the client raises nothing). */
    public void injectOperationError(String zone, String code, String message) {
        state.injectInsertFailure(zone, false, Operation.newBuilder()
                .setError(Error.newBuilder().addErrors(Errors.newBuilder().setCode(code).setMessage(message))).build());
    }

    /** Every call answers 403 SERVICE_DISABLED (the Compute Engine API not enabled in the project), or no longer. */
    public void injectApiDisabled(boolean disabled) {
        state.apiDisabled = disabled;
    }

    /** Removes every injected fault. */
    public void clearFaults() {
        state.clearFaults();
        state.apiDisabled = false;
    }

    /** New operations stay RUNNING for this many polls (get or wait) before they are DONE; 0: DONE at once. */
    public void runningPolls(int polls) {
        state.runningPolls = polls;
    }

    /** Lists answer at most this many items per page (default 500). */
    public void pageSize(int size) {
        state.pageSize = size;
    }

    /**
     * Instances get private addresses from this /24 on (e.g. {@code 127.65.1.}: loopback addresses here, so that a
     * played VM's scheduler listens on its instance's own address); default {@code 10.132.0.}.
     */
    public void addresses(String prefix) {
        if (!prefix.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.")) {
            throw new IllegalArgumentException("an address prefix is three octets and a dot, not " + prefix);
        }
        state.addressPrefix = prefix;
    }

    /** Preempts a Spot VM the way Compute Engine does (see the class comment); IllegalStateException for another VM. */
    public void preempt(String instanceName) {
        state.preempt(instanceName);
    }

    /**
     * Called (on the fake's thread, holding its lock: hand long work to another thread) with each instance inserted,
     * e.g. to play the VM from its {@code startup-script}.
     */
    public void onInstanceInserted(java.util.function.Consumer<Instance> listener) {
        state.onInsert.add(listener);
    }

    /** Called with each instance that stops running: deleted, or preempted (deleted or TERMINATED). */
    public void onInstanceStopped(java.util.function.Consumer<Instance> listener) {
        state.onDelete.add(listener);
    }

    /** Every call answered so far, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public void clearCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Operation capacityError(String zone) {
        return Operation.newBuilder().setHttpErrorStatusCode(503).setHttpErrorMessage("SERVICE UNAVAILABLE")
                .setError(Error.newBuilder().addErrors(Errors.newBuilder().setCode("ZONE_RESOURCE_POOL_EXHAUSTED")
                        .setMessage("The zone 'projects/" + state.project + "/zones/" + zone + "' does not have enough"
                                + " resources available to fulfill the request.  Try a different zone, or try again later.")))
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // google-http-client sends PATCH as POST with this header (HttpURLConnection has no PATCH); GCE honours it
        String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        String method = override != null ? override : exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        calls.add(new Call(method, path, query == null ? "" : query));
        int status;
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            String requestBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Message answer = new FakeGceRoutes(state).answer(method, path, queryParams(query), requestBody);
            status = 200;
            body = JsonFormat.printer().print(answer);
        } catch (FakeGceErrors.Failure failure) {
            status = failure.status;
            body = failure.body;
        } catch (RuntimeException e) {
            status = 500;
            body = FakeGceErrors.of(500, "backendError", "fake: " + e).body;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> queryParams(String query) {
        Map<String, String> params = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
