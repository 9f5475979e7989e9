package io.recolab.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import io.recolab.targeting.Attributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * recolab in a service's own process: assigns locally (no network call per request, the same
 * answer as the server) and reports exposures and conversions in the background.
 *
 * <pre>{@code
 * try (RecolabClient recolab = RecolabClient.start(RecolabClient.Options.of(URI.create("http://recolab:8080"), key))) {
 *     recolab.assign("homepage-recs", customerId).ifPresent(a -> { show(a.recommender()); recolab.exposure(a); });
 * }
 * }</pre>
 *
 * The key needs the {@code read} scope (definitions) and {@code assign} (events). Thread-safe.
 */
public final class RecolabClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RecolabClient.class.getName());

    /**
     * @param refreshEvery how often definitions are re-read (the server's nodes poll their store
     *     every 2 s, so faster buys nothing)
     * @param bufferCapacity events held at most while the server is slow or away; beyond, dropped
     * @param batchSize events per request (the server takes at most 1,000)
     * @param linger how long a partial batch waits for company before it is sent
     * @param closeTimeout how long close keeps delivering (and retrying) what is queued
     */
    public record Options(URI server, String apiKey, Duration refreshEvery, int bufferCapacity, int batchSize,
                          Duration linger, Backoff backoff, Duration requestTimeout, Duration closeTimeout) {
        public Options {
            Objects.requireNonNull(server, "server");
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("an API key (scopes read and assign) is required");
            }
            if (batchSize < 1 || batchSize > 1_000 || bufferCapacity < 1) {
                throw new IllegalArgumentException("batchSize must be 1..1000 and bufferCapacity >= 1, got "
                        + batchSize + ", " + bufferCapacity);
            }
        }

        public static Options of(URI server, String apiKey) {
            return new Options(server, apiKey, Duration.ofSeconds(5), 100_000, 500, Duration.ofMillis(200),
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30)), Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
        }

        public Options withRefreshEvery(Duration d) {
            return new Options(server, apiKey, d, bufferCapacity, batchSize, linger, backoff, requestTimeout, closeTimeout);
        }

        public Options withBuffer(int capacity, int batch) {
            return new Options(server, apiKey, refreshEvery, capacity, batch, linger, backoff, requestTimeout, closeTimeout);
        }

        public Options withBackoff(Backoff b) {
            return new Options(server, apiKey, refreshEvery, bufferCapacity, batchSize, linger, b, requestTimeout, closeTimeout);
        }

        public Options withCloseTimeout(Duration d) {
            return new Options(server, apiKey, refreshEvery, bufferCapacity, batchSize, linger, backoff, requestTimeout, d);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Transport transport;
    private final EventSender events;
    private final Options options;
    private final ScheduledExecutorService refresher;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong refreshFailures = new AtomicLong();
    private volatile Definitions definitions = Definitions.EMPTY;

    private RecolabClient(Options options) {
        this.options = options;
        this.transport = new Transport(options.server(), options.apiKey(), options.requestTimeout());
        this.events = new EventSender(transport, mapper, options.bufferCapacity(), options.batchSize(),
                options.linger(), options.backoff());
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recolab-client-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the client and reads the definitions once. If the server cannot be reached the client
     * starts anyway (assign answers empty until the first refresh succeeds); a refused key fails
     * here, because no later refresh will fix it.
     */
    public static RecolabClient start(Options options) {
        RecolabClient client = new RecolabClient(options);
        try {
            client.refresh();
        } catch (SecurityException e) {
            client.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            client.refreshFailures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "recolab definitions not loaded yet ({0}); retrying in the background",
                    e.getMessage());
        }
        long every = options.refreshEvery().toMillis();
        client.refresher.scheduleWithFixedDelay(client::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        return client;
    }

    /**
     * The unit's treatment, computed here. Empty for an experiment this client has never seen
     * running (unknown, a draft, or definitions not loaded yet): the caller shows its default.
     * An experiment that ran and was paused or stopped gives the control, outside the experiment.
     */
    public Optional<ClientAssignment> assign(String experiment, String unit) {
        return assign(experiment, unit, Map.of());
    }

    /**
     * As {@link #assign(String, String)}, for a unit with these attributes (values: String, Number,
     * Boolean): a unit the experiment's targeting does not take gets the control, inExperiment false,
     * and should not be reported as exposed. Same attributes, same answer as the server.
     */
    public Optional<ClientAssignment> assign(String experiment, String unit, Map<String, ?> attributes) {
        // The server's rule for unit ids: a unit it would refuse must not get an answer here whose exposures
        // it then rejects.
        ClientEvent.require(unit, "unit", ClientEvent.MAX_UNIT);
        Map<String, Object> checked = checked(attributes);
        return definitions.get(experiment).map(e -> e.assign(unit, checked));
    }

    /** The caller's values as the evaluator holds them (numbers as Double), checked as the server checks them. */
    static Map<String, Object> checked(Map<String, ?> attributes) {
        Map<String, Object> checked = new HashMap<>();
        attributes.forEach((name, value) -> Attributes.put(checked, name,
                value instanceof Number n ? (Object) number(n) : value, "attributes"));
        return checked;
    }

    /**
     * A number as the server reads the same value from JSON or a query: a float by its decimal text
     * (0.1f is 0.1 there, while {@code Float.doubleValue()} would give 0.10000000149011612).
     */
    private static double number(Number n) {
        return n instanceof Float f ? Double.parseDouble(f.toString()) : n.doubleValue();
    }

    /** Queues an exposure of the assigned unit; false if the buffer was full (counted in stats). */
    public boolean exposure(ClientAssignment assignment) {
        return track(ClientEvent.exposure(assignment.experiment(), assignment.unit()));
    }

    public boolean exposure(String experiment, String unit) {
        return track(ClientEvent.exposure(experiment, unit));
    }

    public boolean conversion(String experiment, String unit, String metric, Double value) {
        return track(ClientEvent.conversion(experiment, unit, metric, value));
    }

    /** Queues any event; never blocks. Choose the id yourself to make your own retries harmless. */
    public boolean track(ClientEvent event) {
        return events.offer(event);
    }

    /** Waits until every event handed over so far is sent, rejected or dropped; false on timeout. */
    public boolean flush(Duration timeout) {
        try {
            return events.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public ClientStats stats() {
        return new ClientStats(events.sent.get(), events.duplicates.get(), events.dropped.get(), events.rejected.get(),
                events.retries.get(), events.queued(), refreshes.get(), refreshFailures.get());
    }

    /** Re-reads the running experiments now (the background refresh does this on its own). */
    public void refresh() throws IOException {
        Transport.Reply reply;
        try {
            reply = transport.runningExperiments();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new SecurityException("recolab refused the API key (" + reply.status() + "): " + reply.body());
        }
        if (!reply.ok()) {
            throw new IOException("GET /api/v1/experiments answered " + reply.status() + ": " + reply.body());
        }
        definitions = definitions.next(mapper.readTree(reply.body()));
        refreshes.incrementAndGet();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            // Keep assigning from the last definitions: they are still the server's answer
            // unless someone changed them, which the next successful refresh picks up.
            refreshFailures.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "recolab definitions not refreshed: {0}", e.getMessage());
        }
    }

    /** Stops the refresh, then delivers what is queued (retrying up to the close timeout). */
    @Override
    public void close() {
        refresher.shutdownNow();
        events.close(options.closeTimeout());
    }
}
