package io.recolab.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recolab.events.EventMetrics;
import io.recolab.events.EventWriter;
import io.recolab.serving.Model;
import io.recolab.serving.ModelService;
import io.recolab.serving.ModelStatus;
import io.recolab.store.Database;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's operations metrics, in Prometheus' text format at {@code /metrics} (Micrometer with
 * its Prometheus registry). Every label has a bounded set of values: route templates (never raw
 * paths), status codes, outcomes, recommender names. No experiment key, unit or API key appears,
 * so the endpoint can be public like most exporters.
 */
public final class Telemetry implements EventMetrics {
    /** Latency buckets (seconds) for requests and commits: Prometheus histograms, not client-side percentiles. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private record RequestKey(String method, String route, int status) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Counter assignedIn;
    private final Counter assignedOut;
    private final Timer commits;
    private final Counter committedEvents;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Set<String> modelGauges = ConcurrentHashMap.newKeySet();
    private ModelService models;

    public Telemetry() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        assignedIn = assignments(true);
        assignedOut = assignments(false);
        commits = Timer.builder("recolab.event.writer.commit").description("Group-commit transactions of the event writer")
                .serviceLevelObjectives(BUCKETS).register(registry);
        committedEvents = Counter.builder("recolab.event.writer.committed.events").description("Events written by the event writer")
                .register(registry);
        for (String outcome : new String[] {"accepted", "duplicate", "invalid", "unavailable"}) {
            events.put(outcome, Counter.builder("recolab.events").description("Events received, by outcome")
                    .tag("outcome", outcome).register(registry));
        }
    }

    private Counter assignments(boolean inExperiment) {
        return Counter.builder("recolab.assignments").description("Units assigned (single, batch and recommendation calls)")
                .tag("in_experiment", Boolean.toString(inExperiment)).register(registry);
    }

    /** The pool's connections and timings (HikariCP's own Micrometer metrics). */
    public Telemetry watch(Database database) {
        database.reportPoolTo(registry);
        return this;
    }

    /** Queue depth as a gauge; commit sizes and latencies through the writer's {@link EventMetrics} hook. */
    public Telemetry watch(EventWriter writer) {
        Gauge.builder("recolab.event.writer.queue.events", writer, EventWriter::queuedEvents)
                .description("Events waiting for the event writer").register(registry);
        writer.metrics(this);
        return this;
    }

    /** Another component's own meters (e.g. the Kafka producer's metrics when events go to a stream). */
    public Telemetry bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
        binder.bindTo(registry);
        return this;
    }

    /** Each recommender's model: last training time and whether one serves (registered as models appear). */
    public Telemetry watch(ModelService models) {
        this.models = models;
        return this;
    }

    /** Exports running now (each holds a worker thread and, while it reads a page, a connection). */
    public Telemetry watchExports(java.util.function.IntSupplier active) {
        Gauge.builder("recolab.exports.active", active, a -> a.getAsInt()).strongReference(true).description("Exports running now")
                .register(registry);
        return this;
    }

    /** An export ended: {@code completed}, {@code cancelled} (the client left or stalled), {@code failed} or {@code refused}. */
    public void exportEnded(String outcome) {
        Counter.builder("recolab.exports").description("Exports by how they ended").tag("outcome", outcome)
                .register(registry).increment();
    }

    /**
     * One look of the guardrail watch at a running experiment that asks for automatic pauses:
     * {@code clear}, {@code breached} (and paused), {@code overridden} (an owner resumed after an automatic pause) or {@code failed}. No experiment label (see the class).
     */
    public void guardrailCheck(String outcome) {
        Counter.builder("recolab.guardrail.checks").description("Guardrail looks at experiments with autoPause, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Experiments paused automatically because a guardrail was breached. */
    public void guardrailPaused() {
        Counter.builder("recolab.guardrail.pauses").description("Experiments paused automatically by a guardrail breach")
                .register(registry).increment();
    }

    /** Raw event rows read from the store by exports. */
    public void exportRows(long rows) {
        Counter.builder("recolab.export.rows").description("Raw event rows exports read from the store")
                .register(registry).increment(rows);
    }

    public void request(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(method, route, status), k -> Timer.builder("http.server.requests")
                .description("HTTP requests by route template and status").tag("method", k.method()).tag("route", k.route())
                .tag("status", Integer.toString(k.status())).serviceLevelObjectives(BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void assigned(boolean inExperiment) {
        (inExperiment ? assignedIn : assignedOut).increment();
    }

    @Override
    public void committed(int count, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        committedEvents.increment(count);
    }

    @Override
    public void received(int accepted, int duplicates) {
        events.get("accepted").increment(accepted);
        events.get("duplicate").increment(duplicates);
    }

    @Override
    public void rejected(int count, String reason) {
        events.getOrDefault(reason, events.get("invalid")).increment(count);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        if (models != null) {
            for (ModelStatus s : models.statuses()) {
                if (modelGauges.add(s.recommender())) {
                    String name = s.recommender();
                    Gauge.builder("recolab.model.training.seconds", models, m -> m.serving(name).map(Model::trainSeconds)
                                    .orElse(Double.NaN)).description("How long the serving model took to train")
                            .tag("recommender", name).register(registry);
                    Gauge.builder("recolab.model.ready", models, m -> m.serving(name).isPresent() ? 1 : 0)
                            .description("1 when a trained model serves").tag("recommender", name).register(registry);
                }
            }
        }
        return registry.scrape();
    }

    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }
}
