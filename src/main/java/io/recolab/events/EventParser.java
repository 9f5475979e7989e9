package io.recolab.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.MetricSpec;
import io.recolab.domain.DomainError;
import io.recolab.domain.Text;
import io.recolab.domain.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@code POST /api/v1/events} body into validated events, or rejects the whole batch
 * with a message naming the event index and field ({@code events[3].metric: ...}). Structural
 * problems (wrong JSON kind, missing or unknown field, unparseable value) are 400; well-formed
 * values the experiment does not allow are 422; an unknown experiment is 404. Pure apart from
 * the clock and the in-memory catalog, so it runs on the event loop.
 */
public final class EventParser {
    public static final int MAX_EVENTS = 1_000;
    public static final int MAX_ID_LENGTH = 128;
    /** Client clocks run ahead a little; an event further in the future is a client bug. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Large enough for any revenue in any currency, small enough that squares stay exact-ish. */
    public static final double MAX_ABS_VALUE = 1e12;
    private static final Set<String> FIELDS = Set.of("id", "type", "experiment", "unit", "timestamp", "metric", "value",
            "items", "attributes");
    /** An exposure may say which items it showed (at most this many), so behaviour can be matched to it. */
    public static final int MAX_SHOWN_ITEMS = 100;

    private final Catalog catalog;
    private final Clock clock;

    public EventParser(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public List<Event> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw DomainError.invalid("body must be a JSON object {\"events\":[...]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"events".equals(name)) {
                throw DomainError.invalid("unknown field '" + name + "'; expected {\"events\":[...]}");
            }
        }
        JsonNode array = body.get("events");
        if (array == null || !array.isArray()) {
            throw DomainError.invalid("events must be an array of events");
        }
        if (array.size() > MAX_EVENTS) {
            throw DomainError.tooLarge("events: at most " + MAX_EVENTS + " per batch, got " + array.size());
        }
        Instant now = Times.now(clock);
        Map<String, ExperimentSnapshot> snapshots = new HashMap<>();
        // One state of the catalog for the whole batch: read per event, a refresh (a start seen by this
        // node) landing mid-batch excluded the events before it as "draft" and kept the rest, so a client
        // acknowledged once had part of its batch out of the analysis.
        Map<String, Catalog.Entry> view = catalog.view();
        List<Event> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            events.add(event(array.get(i), "events[" + i + "]", now, snapshots, view));
        }
        return events;
    }

    private Event event(JsonNode node, String at, Instant now, Map<String, ExperimentSnapshot> snapshots,
                        Map<String, Catalog.Entry> view) {
        if (!node.isObject()) {
            throw DomainError.invalid(at + ": must be an object, got " + node.getNodeType().name().toLowerCase());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw DomainError.invalid(at + ": unknown field '" + name + "'; allowed: " + FIELDS.stream().sorted().toList());
            }
        }
        String id = Text.requireId(at + ".id", text(node, at, "id", true), MAX_ID_LENGTH);
        EventType type = type(text(node, at, "type", true), at);
        String experimentKey = text(node, at, "experiment", true);
        Catalog.Entry entry = view.get(experimentKey);
        if (entry == null) {
            throw DomainError.notFound(at + ".experiment: no experiment '" + experimentKey + "'");
        }
        String unit = Text.requireId(at + ".unit", text(node, at, "unit", true), Assignments.MAX_UNIT_LENGTH);
        Instant occurred = timestamp(text(node, at, "timestamp", false), at, now);
        String metric = text(node, at, "metric", false);
        Double value = number(node, at);
        ExperimentSnapshot snapshot = snapshots.computeIfAbsent(experimentKey, k -> new ExperimentSnapshot(k,
                entry.definition().metrics().stream().collect(Collectors.toMap(MetricSpec::name, m -> m))));
        if (type == EventType.EXPOSURE) {
            if (metric != null) {
                throw DomainError.unprocessable(at + ".metric: only conversions name a metric");
            }
            if (value != null) {
                throw DomainError.unprocessable(at + ".value: only conversions carry a value");
            }
        } else {
            if (metric == null) {
                throw DomainError.invalid(at + ".metric: is required for a conversion; metrics of '" + experimentKey
                        + "': " + snapshot.metrics().keySet().stream().sorted().toList());
            }
            MetricSpec spec = snapshot.metrics().get(metric);
            if (spec == null) {
                throw DomainError.unprocessable(at + ".metric: '" + metric + "' is not a metric of '" + experimentKey
                        + "'; its metrics: " + snapshot.metrics().keySet().stream().sorted().toList());
            }
            if (spec.type() == MetricSpec.Type.RATIO) {
                throw DomainError.unprocessable(at + ".metric: '" + metric + "' is a ratio metric, computed from "
                        + spec.ratio().numerator() + " / " + spec.ratio().denominator() + "; send conversions to those");
            }
            if (value != null && spec.type() == MetricSpec.Type.BINOMIAL && !(value > 0)) {
                throw DomainError.unprocessable(at + ".value: a binomial metric's conversion must have a value > 0 "
                        + "(the unit counts once), got " + value);
            }
        }
        List<String> shown = items(node, at, type);
        Map<String, Object> attributes = attributes(node, at, type);
        Map<String, String> slices = type != EventType.EXPOSURE || entry.definition().slices().isEmpty() ? Map.of()
                : Slices.values(attributes == null ? Map.of() : attributes, entry.definition().slices());
        // An exposure that says who the unit is meets the targeting as an assignment call with those
        // attributes would; one without attributes is trusted to be for a unit the targeting took.
        Assignment assignment = attributes == null ? Assignments.assign(entry, unit) : Assignments.assign(entry, unit, attributes);
        // Assignment says "not in the experiment" both outside exposurePercent and when it is not running.
        boolean inExposure = assignment.inExperiment() || !entry.isRunning();
        // A client clock may run behind as much as ahead: the start is moved back by the same skew.
        Instant started = entry.experiment().startedAt() == null ? null : entry.experiment().startedAt().minus(MAX_CLOCK_SKEW);
        boolean forced = "forced".equals(assignment.reason());
        Exclusion exclusion = type == EventType.CONVERSION
                ? Exclusion.ofConversion(forced, entry.experiment().stoppedAt(), occurred)
                : forced ? Exclusion.FORCED
                : "targeting".equals(assignment.reason()) ? Exclusion.OUTSIDE_TARGETING
                : "layer".equals(assignment.reason()) ? Exclusion.OUTSIDE_LAYER
                : "holdout".equals(assignment.reason()) ? Exclusion.HELD_OUT
                : Exclusion.of(entry.experiment().status(), started, inExposure, occurred);
        // A conversion's in_experiment says whether it may count (it does within its unit's window):
        // the one flag exports and the Spark jobs see.
        return new Event(id, type, snapshot, unit, occurred, now, metric, value == null ? 1 : value,
                assignment.treatment(), exclusion == null, shown, exclusion, slices);
    }

    /**
     * The exposure's optional "attributes" object (the same shape as on assignment calls): the source of
     * its slice values (issue 22.8; attributes that are not slice dimensions are not kept, a dimension it
     * does not name is "none") and of its targeting check. Null when absent.
     */
    private static Map<String, Object> attributes(JsonNode node, String at, EventType type) {
        JsonNode v = node.get("attributes");
        if (v == null || v.isNull()) {
            return null;
        }
        if (type != EventType.EXPOSURE) {
            throw DomainError.unprocessable(at + ".attributes: only exposures carry attributes");
        }
        try {
            return io.recolab.targeting.Attributes.fromJson(v, at + ".attributes");
        } catch (IllegalArgumentException e) {
            throw DomainError.invalid(e.getMessage());
        }
    }

    private static List<String> items(JsonNode node, String at, EventType type) {
        JsonNode v = node.get("items");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (type != EventType.EXPOSURE) {
            throw DomainError.unprocessable(at + ".items: only exposures list the items shown");
        }
        if (!v.isArray()) {
            throw DomainError.invalid(at + ".items: must be an array of item ids");
        }
        if (v.size() > MAX_SHOWN_ITEMS) {
            throw DomainError.tooLarge(at + ".items: at most " + MAX_SHOWN_ITEMS + " items, got " + v.size());
        }
        List<String> items = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                throw DomainError.invalid(at + ".items[" + i + "]: must be an item id (a string), got "
                        + item.getNodeType().name().toLowerCase());
            }
            items.add(Text.requireId(at + ".items[" + i + "]", item.textValue(), ItemIds.MAX_LENGTH));
        }
        return items;
    }

    private static EventType type(String value, String at) {
        return switch (value) {
            case "exposure" -> EventType.EXPOSURE;
            case "conversion" -> EventType.CONVERSION;
            default -> throw DomainError.unprocessable(at + ".type: must be \"exposure\" or \"conversion\", got \"" + value + "\"");
        };
    }

    private static Instant timestamp(String value, String at, Instant now) {
        if (value == null) {
            return now;
        }
        // The events' own range lies inside Times' 1970..9999, so it is the one checked (and named).
        Instant instant = Times.read(at + ".timestamp", value);
        Instant latest = now.plus(MAX_CLOCK_SKEW);
        if (instant.isBefore(EARLIEST) || instant.isAfter(latest)) {
            throw DomainError.unprocessable(at + ".timestamp: must lie between " + EARLIEST + " and an hour from now ("
                    + latest + "), got " + value);
        }
        return instant;
    }

    private static String text(JsonNode node, String at, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw DomainError.invalid(at + "." + field + ": is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw DomainError.invalid(at + "." + field + ": must be a string, got " + v.getNodeType().name().toLowerCase());
        }
        return v.textValue();
    }

    private static Double number(JsonNode node, String at) {
        JsonNode v = node.get("value");
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            // Left out, a conversion's value is 1; an explicit null is a value the client lost (a missing
            // price), which must not become revenue of 1.
            throw DomainError.invalid(at + ".value: must be a number, got null; leave the field out for the default (1)");
        }
        if (!v.isNumber()) {
            throw DomainError.invalid(at + ".value: must be a number, got " + v.getNodeType().name().toLowerCase());
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || Math.abs(d) > MAX_ABS_VALUE) {
            throw DomainError.unprocessable(at + ".value: must be a finite number of magnitude at most 1e12, got " + v);
        }
        return d;
    }
}
