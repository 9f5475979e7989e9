package io.recolab.holdout;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.assign.HoldoutRule;
import io.recolab.assign.Plan;
import io.recolab.assign.LayerSlot;
import io.recolab.domain.DomainError;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.InvalidDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Holdouts (issue 23.3): creating, listing and stopping them, publishing the running ones to the
 * {@link Catalog} (every plan in scope gets a holdout step), recording the units the comparison
 * needs and comparing the two groups.
 *
 * <p>Units are recorded when an assignment call answers them for a running experiment in the
 * holdout's scope, held out or not: the held-out units take part in no experiment, so no exposure
 * of theirs exists to find them by. Sightings are queued on the request path (no database there)
 * and written by {@link #flush} on the node's timer and before any results are read.
 */
public final class HoldoutService {
    public static final Set<String> FIELDS = Set.of("key", "description", "percent", "layer", "metrics");
    // A node remembers this many (holdout, unit) pairs it already queued; past it, it forgets them
    // all and lets the store's key drop the repeats.
    static final int MAX_REMEMBERED = 1_000_000;
    private final HoldoutRepository repository;
    private final Catalog catalog;
    private final Clock clock;
    private final ConcurrentLinkedQueue<HoldoutRepository.Sighting> pending = new ConcurrentLinkedQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    public HoldoutService(HoldoutRepository repository, Catalog catalog, Clock clock) {
        this.repository = repository;
        this.catalog = catalog;
        this.clock = clock;
        catalog.holdoutSource(this::running);
    }

    /** The running holdouts' rules, as the catalog compiles them. */
    public List<HoldoutRule> running() {
        return repository.findAll().stream().filter(h -> h.status() == Holdout.Status.RUNNING).map(Holdout::rule).toList();
    }

    /** Publishes the store's running holdouts to the catalog. */
    public void refresh() {
        catalog.replaceHoldouts(running());
    }

    public List<Holdout> list() {
        return repository.findAll();
    }

    public Holdout get(String key) {
        return repository.find(key).orElseThrow(() -> DomainError.notFound("holdout '" + key + "' not found"));
    }

    /** A new running holdout from its JSON description; 422 naming the field, 409 for a key in use. */
    public Holdout create(JsonNode body, String actor) {
        if (body == null || !body.isObject()) {
            throw DomainError.invalid("body must be a JSON object with key, percent and optionally description, layer, metrics");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw DomainError.unprocessable(name + ": unknown field; a holdout has " + new java.util.TreeSet<>(FIELDS));
            }
        }
        JsonNode key = body.get("key");
        if (key == null || !key.isTextual() || !ExperimentDefinition.KEY.matcher(key.textValue()).matches()) {
            throw DomainError.unprocessable("key must match " + ExperimentDefinition.KEY + ", got " + key);
        }
        JsonNode description = body.path("description");
        if (!description.isMissingNode() && !description.isTextual() || description.asText("").length() > 1000) {
            throw DomainError.unprocessable("description must be a string of at most 1000 characters");
        }
        JsonNode percent = body.get("percent");
        // In hundredths of a percent, at least 1: 1e-12 passed "two decimals" (it is within 1e-9 of 0) and made a
        // running holdout of 0% that held nobody.
        if (percent == null || !percent.isNumber() || !(percent.doubleValue() > 0) || percent.doubleValue() > 50
                || Math.abs(percent.doubleValue() * 100 - Math.rint(percent.doubleValue() * 100)) > 1e-9
                || Math.rint(percent.doubleValue() * 100) < 1) {
            // Above half the "held out" group would be the larger one: that is an experiment, not a holdout.
            throw DomainError.unprocessable("percent must be a number in (0, 50] with at most two decimals, got " + percent);
        }
        JsonNode layer = body.get("layer");
        if (layer != null && !layer.isNull() && (!layer.isTextual() || !LayerSlot.NAME.matcher(layer.textValue()).matches())) {
            throw DomainError.unprocessable("layer must be a layer name matching " + LayerSlot.NAME
                    + " (absent: every experiment), got " + layer);
        }
        List<MetricSpec> metrics = metrics(body.get("metrics"));
        Holdout h = new Holdout(key.textValue(), description.asText(""), (int) Math.rint(percent.doubleValue() * 100),
                layer == null || layer.isNull() ? null : layer.textValue(), metrics, Holdout.Status.RUNNING,
                clock.instant(), null, actor, null);
        try {
            repository.insert(h);
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw DomainError.conflict("key: holdout '" + h.key() + "' already exists");
            }
            throw e;
        }
        refresh();
        return h;
    }

    private static List<MetricSpec> metrics(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(MetricSpec.defaultMetric());
        }
        if (!node.isArray() || node.isEmpty() || node.size() > 20) {
            throw DomainError.unprocessable("metrics must be an array of 1 to 20 metrics {name, type, windowDays}");
        }
        List<MetricSpec> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "metrics[" + i + "]";
            String type = m.path("type").asText("");
            if (!type.equals("binomial") && !type.equals("mean")) {
                throw DomainError.unprocessable(where + ".type must be binomial or mean (a holdout's values are its units'"
                        + " interactions), got " + m.get("type"));
            }
            JsonNode window = m.path("windowDays");
            if (!window.isMissingNode() && !window.canConvertToInt()) {
                throw DomainError.unprocessable(where + ".windowDays must be an integer, got " + window);
            }
            try {
                MetricSpec spec = new MetricSpec(m.path("name").asText(null), MetricSpec.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)),
                        window.isMissingNode() ? 14 : window.intValue());
                if (!names.add(spec.name())) {
                    throw DomainError.unprocessable(where + ".name: \"" + spec.name() + "\" is used twice");
                }
                out.add(spec);
            } catch (InvalidDefinition e) {
                throw DomainError.unprocessable(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Stops a running holdout: its units join the experiments again; results stay readable. */
    public Holdout stop(String key, String actor) {
        Holdout h = get(key);
        if (!repository.stop(key, clock.instant(), actor)) {
            throw DomainError.conflict("holdout '" + key + "' is " + h.status().wireName() + ", not running");
        }
        refresh();
        return get(key);
    }

    /**
     * Notes an assignment answer: for each running holdout covering the experiment, the unit's first
     * sighting joins the queue. Cheap and storeless: called on the request path.
     */
    public void observe(Catalog.Entry entry, Assignment answer) {
        List<HoldoutRule> rules = entry.plan().holdouts();
        if (rules.isEmpty() || !entry.isRunning() || "forced".equals(answer.reason())) {
            return;
        }
        // The plan tried every holdout before answering: unless it answered "holdout", none holds the unit.
        boolean heldByOne = Plan.Reason.HOLDOUT.wireName().equals(answer.reason());
        for (HoldoutRule rule : rules) {
            boolean held = heldByOne && rule.holds(answer.unit());
            if (heldByOne && !held) {
                // Held out by another holdout: in no experiment, so not part of "everyone else" here either
                // (overlapping holdouts once counted each other's units as this one's comparison group).
                continue;
            }
            String id = rule.key() + '\n' + answer.unit();
            if (queued.size() >= MAX_REMEMBERED) {
                queued.clear();
            }
            if (queued.add(id)) {
                pending.add(new HoldoutRepository.Sighting(rule.key(), answer.unit(), held, clock.instant()));
            }
        }
    }

    /** Writes the queued sightings (the node's timer, and before results). */
    public synchronized void flush() {
        List<HoldoutRepository.Sighting> batch = new ArrayList<>();
        for (HoldoutRepository.Sighting s; (s = pending.poll()) != null; ) {
            batch.add(s);
        }
        try {
            repository.record(batch);
        } catch (RuntimeException e) {
            // The store is away: keep them for the next flush.
            pending.addAll(batch);
            throw e;
        }
    }

    /** Held-out units against everyone else in scope, on each of the holdout's metrics. */
    public HoldoutResults results(String key) {
        Holdout h = get(key);
        flush();
        return HoldoutResults.of(h, repository.activity(key), clock.instant());
    }

}
