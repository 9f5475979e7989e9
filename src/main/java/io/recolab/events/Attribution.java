package io.recolab.events;

import io.recolab.events.UnitRows.MetricKey;
import io.recolab.events.UnitRows.Unit;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the analysis data in step with newly stored events, in the same transaction:
 * <ul>
 * <li>A unit's first analysed exposure fixes its treatment and its day, and adds it to that day's units.</li>
 * <li>A conversion of an exposed unit within the metric's window ({@link Rollup#inWindow}) moves the
 *     unit's running value and the rollup of its first-exposure day (the fast path).</li>
 * <li>A conversion of a unit not exposed yet is stored and marks the unit pending; when its first
 *     exposure arrives, the unit's stored conversions are re-read and folded in within the window.</li>
 * <li>An exposure earlier than the unit's known first exposure (arriving out of order) moves the unit
 *     to the earlier day and re-reads its conversions against the new window.</li>
 * </ul>
 * The re-reads are per unit and rare (out-of-order arrivals); the fast path never reads raw events.
 */
public final class Attribution {
    private final UnitRows rows;

    public Attribution(Dialect dialect) {
        this.rows = new UnitRows(dialect);
    }

    void apply(Connection c, List<Event> events) throws SQLException {
        // First, so that a re-read below also sees this group's conversions.
        rows.insertConversions(c, events);
        Map<String, List<Event>> byExperiment = new LinkedHashMap<>();
        for (Event e : events) {
            byExperiment.computeIfAbsent(e.experimentKey(), k -> new ArrayList<>()).add(e);
        }
        for (List<Event> group : byExperiment.values()) {
            applyExperiment(c, group);
        }
    }

    private void applyExperiment(Connection c, List<Event> events) throws SQLException {
        // The latest definition in the group decides the metrics (groups span milliseconds).
        ExperimentSnapshot experiment = events.get(events.size() - 1).experiment();
        String key = experiment.key();
        Map<String, Event> firstExposure = new HashMap<>();
        Set<String> touched = new LinkedHashSet<>();
        for (Event e : events) {
            if (e.analysedExposure()) {
                firstExposure.merge(e.unit(), e, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? b : a);
                touched.add(e.unit());
            } else if (e.type() == EventType.CONVERSION) {
                touched.add(e.unit());
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        Map<String, Unit> before = rows.load(c, key, new ArrayList<>(touched));
        Map<String, Unit> after = new HashMap<>(before);
        List<Unit> inserts = new ArrayList<>();
        List<Unit> updates = new ArrayList<>();
        Set<String> recompute = new LinkedHashSet<>();
        DailyDeltas deltas = new DailyDeltas();
        for (String unit : touched) {
            Unit old = before.get(unit);
            Event exposure = firstExposure.get(unit);
            if (exposure == null) {
                if (old == null) {
                    Unit pending = new Unit(unit, null, null);
                    inserts.add(pending);
                    after.put(unit, pending);
                }
                continue;
            }
            Instant at = exposure.occurredAt();
            if (old != null && old.exposed() && !at.isBefore(old.firstExposure())) {
                continue; // a later exposure of a known unit changes nothing
            }
            // A unit keeps the treatment of its first analysed exposure; the allocation never moves it.
            String treatment = old != null && old.exposed() ? old.treatment() : exposure.treatment();
            Unit now = new Unit(unit, treatment, at);
            after.put(unit, now);
            (old == null ? inserts : updates).add(now);
            deltas.units(treatment, Rollup.day(at), 1);
            if (old != null) {
                recompute.add(unit);
                if (old.exposed()) {
                    deltas.units(old.treatment(), Rollup.day(old.firstExposure()), -1);
                }
            }
        }
        // Only units exposed before this group can have stored values: others need no lookup.
        List<String> valued = new ArrayList<>(recompute);
        for (Event e : events) {
            Unit old = before.get(e.unit());
            if (e.type() == EventType.CONVERSION && old != null && old.exposed() && !recompute.contains(e.unit())) {
                valued.add(e.unit());
            }
        }
        List<MetricKey> keys = valued.stream().distinct()
                .flatMap(u -> experiment.metrics().keySet().stream().map(m -> new MetricKey(u, m))).toList();
        Map<MetricKey, Rollup.UnitValue> stored = keys.isEmpty() ? Map.of() : rows.loadValues(c, key, keys);
        Map<MetricKey, Rollup.UnitValue> current = new HashMap<>(stored);
        Set<MetricKey> dirty = new HashSet<>();
        for (String unit : recompute) {
            recompute(c, experiment, before.get(unit), after.get(unit), current, dirty, deltas);
        }
        for (Event e : events) {
            Unit unit = after.get(e.unit());
            if (e.type() != EventType.CONVERSION || !unit.exposed() || recompute.contains(e.unit())) {
                continue;
            }
            MetricSpec spec = experiment.metrics().get(e.metric());
            if (spec == null || !Rollup.inWindow(unit.firstExposure(), spec.windowDays(), e.occurredAt())) {
                continue; // stored for export, outside the analysis
            }
            MetricKey mk = new MetricKey(e.unit(), e.metric());
            Rollup.UnitValue was = current.getOrDefault(mk, Rollup.UnitValue.NONE);
            Rollup.UnitValue is = was.plus(e.value());
            current.put(mk, is);
            dirty.add(mk);
            deltas.metric(unit.treatment(), e.metric(), Rollup.day(unit.firstExposure()), Rollup.change(spec.type(), was, is));
        }
        rows.insertUnits(c, key, inserts);
        rows.updateUnits(c, key, updates);
        Map<MetricKey, Rollup.UnitValue> newValues = new LinkedHashMap<>();
        Map<MetricKey, Rollup.UnitValue> changedValues = new LinkedHashMap<>();
        for (MetricKey mk : dirty) {
            (stored.containsKey(mk) ? changedValues : newValues).put(mk, current.get(mk));
        }
        rows.writeValues(c, key, newValues, true);
        rows.writeValues(c, key, changedValues, false);
        deltas.flush(c, key);
    }

    /** Takes the unit's old contributions off its old day and adds the ones its stored conversions give now. */
    private void recompute(Connection c, ExperimentSnapshot experiment, Unit old, Unit now,
                           Map<MetricKey, Rollup.UnitValue> current, Set<MetricKey> dirty, DailyDeltas deltas)
            throws SQLException {
        List<UnitRows.Conversion> conversions = rows.conversions(c, experiment.key(), now.unit());
        for (MetricSpec spec : experiment.metrics().values()) {
            MetricKey mk = new MetricKey(now.unit(), spec.name());
            Rollup.UnitValue was = current.getOrDefault(mk, Rollup.UnitValue.NONE);
            if (old.exposed()) {
                deltas.metric(old.treatment(), spec.name(), Rollup.day(old.firstExposure()),
                        Rollup.change(spec.type(), was, Rollup.UnitValue.NONE));
            }
            Rollup.UnitValue is = Rollup.UnitValue.NONE;
            for (UnitRows.Conversion conversion : conversions) {
                if (conversion.metric().equals(spec.name())
                        && Rollup.inWindow(now.firstExposure(), spec.windowDays(), conversion.at())) {
                    is = is.plus(conversion.value());
                }
            }
            deltas.metric(now.treatment(), spec.name(), Rollup.day(now.firstExposure()),
                    Rollup.change(spec.type(), Rollup.UnitValue.NONE, is));
            if (!is.equals(was)) {
                current.put(mk, is);
                dirty.add(mk);
            }
        }
    }
}
