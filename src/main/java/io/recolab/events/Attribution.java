package io.recolab.events;

import io.recolab.events.UnitRows.MetricKey;
import io.recolab.events.UnitTable.Unit;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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
    private final UnitTable rows;
    /** Rollup deltas go through PostgreSQL's array statements, else row by row. */
    private final boolean postgres;
    /** Null on PostgreSQL: several nodes insert units there, so only the database knows them all. */
    private final KnownUnits known;
    /** The node's slot ({@code store.NodeSlot}): its own rollup rows. */
    private final int node;
    /** Bounds the distinct slice values per dimension (issue 22.8). */
    private final SliceCap sliceCap;

    /** A single node's (slot 0): H2, tests, tools that write alone. */
    public Attribution(Dialect dialect) {
        this(dialect, 0);
    }

    /** @param node this node's slot: its rollup deltas go to rows no other running node writes */
    public Attribution(Dialect dialect, int node) {
        this(dialect, node, new SliceCap());
    }

    /** @param sliceCap shared by writers of one process that write at once (a processor's lanes) */
    public Attribution(Dialect dialect, int node, SliceCap sliceCap) {
        this(dialect, node, sliceCap, new UnitRows(dialect), dialect == Dialect.H2 ? new KnownUnits() : null);
    }

    /** @param units where the units live when not in {@code experiment_units} (a Kafka processor's keyed state) */
    public Attribution(Dialect dialect, int node, SliceCap sliceCap, UnitTable units) {
        this(dialect, node, sliceCap, units, null);
    }

    private Attribution(Dialect dialect, int node, SliceCap sliceCap, UnitTable units, KnownUnits known) {
        this.sliceCap = sliceCap;
        this.rows = units;
        this.postgres = dialect == Dialect.POSTGRESQL;
        this.known = known;
        this.node = node;
    }

    /** This node's slot: the rows of its own in the rollups and the excluded counts. */
    int node() {
        return node;
    }

    /** After a failed transaction: what is kept in memory is rebuilt from the database before the retry. */
    void forget() {
        if (known != null) {
            known.forget();
        }
        sliceCap.forget();
    }

    void apply(Connection c, List<Event> events) throws SQLException {
        Map<String, List<Event>> byExperiment = new java.util.TreeMap<>(); // experiments in one order on every node
        for (Event e : events) {
            byExperiment.computeIfAbsent(e.experimentKey(), k -> new ArrayList<>()).add(e);
        }
        for (List<Event> group : byExperiment.values()) {
            applyExperiment(c, group);
        }
    }

    /**
     * PostgreSQL: when another node created some of this group's new units in the meantime (found at
     * their insert, which then waits for that node's commit instead of failing), this experiment's
     * part of the group is undone to a savepoint and redone, now reading those rows. Nothing else is
     * undone and the transaction goes on, so no caller sees the race.
     */
    private void applyExperiment(Connection c, List<Event> events) throws SQLException {
        if (!rows.shared()) {
            applyOnce(c, events);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Savepoint before = c.setSavepoint();
            Set<String> raced = applyOnce(c, events);
            if (raced.isEmpty()) {
                c.releaseSavepoint(before);
                return;
            }
            c.rollback(before);
            if (attempt == 10) {
                throw new SQLException("units " + raced + " kept being created by other nodes; retry", "40001");
            }
        }
    }

    /** @return units another node inserted meanwhile (PostgreSQL); then nothing must be kept of this call */
    private Set<String> applyOnce(Connection c, List<Event> events) throws SQLException {
        // Every metric some event of the group was sent under: a group is milliseconds of one node's traffic
        // on the direct path, but a processor's lane writes a whole poll (minutes or hours of it after a
        // backlog, from several nodes, partition after partition), so its last event is not the latest
        // definition, and a conversion of a metric added meanwhile must still find its metric.
        ExperimentSnapshot experiment = union(events);
        String key = experiment.key();
        // Sized for the group up front: a processor's lane applies groups of thousands, and growing these maps
        // step by step was a visible share of its time.
        int size = capacity(events.size());
        Map<String, Event> firstExposure = new HashMap<>(size);
        Set<String> touched = new LinkedHashSet<>(size);
        for (Event e : events) {
            if (e.analysedExposure()) {
                firstExposure.merge(e.unit(), e, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? b : a);
                touched.add(e.unit());
            } else if (e.type() == EventType.CONVERSION) {
                touched.add(e.unit());
            }
        }
        if (rows.shared()) {
            skipUnchanged(c, key, events, firstExposure, touched);
        }
        if (touched.isEmpty()) {
            return Set.of();
        }
        // Units surely absent from the table (KnownUnits, H2) need no lookup: a batch's new units cost
        // as much to look up as to insert.
        List<String> lookup = new ArrayList<>(touched.size());
        for (String unit : touched) {
            if (known == null || known.mayExist(c, key, unit)) {
                lookup.add(unit);
            }
        }
        if (rows.shared()) {
            // One lock order on every node (rows are locked in unit order): see UnitRows.load.
            java.util.Collections.sort(lookup);
        }
        Map<String, Unit> before = lookup.isEmpty() ? Map.of() : rows.load(c, key, lookup);
        Map<String, Unit> after = new HashMap<>(capacity(touched.size()));
        after.putAll(before);
        Map<MetricKey, Rollup.UnitValue> current = new HashMap<>(size);
        before.values().forEach(u -> u.values().forEach((m, v) -> current.put(new MetricKey(u.unit(), m), v)));
        // Units whose row is written (once) at the end: in lock order where rows are locked (a shared table);
        // a keyed state's units have one writer, and sorting them took a twentieth of a processor lane's time.
        Set<String> changed = rows.shared() ? new java.util.TreeSet<>() : new LinkedHashSet<>();
        // Each new conversion goes into its unit's row while there is room, else into unit_conversions;
        // both before the re-reads below, which must see this group's conversions too.
        Map<String, List<UnitTable.Conversion>> inline = new HashMap<>(size);
        List<Event> overflow = new ArrayList<>();
        for (Event e : events) {
            if (e.type() == EventType.CONVERSION) {
                List<UnitTable.Conversion> list = inline.computeIfAbsent(e.unit(),
                        u -> before.containsKey(u) ? new ArrayList<>(before.get(u).inline()) : new ArrayList<>());
                if (list.size() < UnitTable.INLINE) {
                    list.add(new UnitTable.Conversion(e.metric(), e.value(), e.occurredAt()));
                    changed.add(e.unit());
                } else {
                    overflow.add(e);
                }
            }
        }
        rows.insertConversions(c, overflow);
        Set<String> recompute = new LinkedHashSet<>();
        DailyDeltas deltas = new DailyDeltas();
        for (String unit : touched) {
            Unit old = before.get(unit);
            Event exposure = firstExposure.get(unit);
            if (exposure == null) {
                if (old == null) {
                    after.put(unit, new Unit(unit, null, null, Map.of(), List.of(), Map.of()));
                    changed.add(unit);
                }
                continue;
            }
            Instant at = exposure.occurredAt();
            if (old != null && old.exposed() && !at.isBefore(old.firstExposure())) {
                continue; // a later exposure of a known unit changes nothing
            }
            // A unit keeps the treatment of its first analysed exposure; the allocation never moves it.
            String treatment = old != null && old.exposed() ? old.treatment() : exposure.treatment();
            // Slices are fixed by the unit's first analysed exposure by timestamp, as its day and window are: an
            // earlier exposure arriving late brings its own values (once the later one's were kept, so a unit
            // counted from 20:00 sat in the slice of what it said at 20:40).
            Map<String, String> slices = sliceCap.admit(c, key, exposure.slices());
            after.put(unit, new Unit(unit, treatment, at, old == null ? Map.of() : old.values(), List.of(), slices));
            changed.add(unit);
            deltas.units(treatment, Rollup.day(at), 1, slices);
            if (old != null) {
                recompute.add(unit);
                if (old.exposed()) {
                    deltas.units(old.treatment(), Rollup.day(old.firstExposure()), -1, old.slices());
                }
            }
        }
        Set<MetricKey> dirty = new HashSet<>();
        for (String unit : recompute) {
            recompute(c, experiment, before.get(unit), after.get(unit), inline.getOrDefault(unit, before.get(unit).inline()),
                    current, dirty, deltas);
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
            deltas.metric(unit.treatment(), e.metric(), Rollup.day(unit.firstExposure()), Rollup.change(spec.type(), was, is),
                    unit.slices());
        }
        for (MetricKey mk : dirty) {
            changed.add(mk.unit());
        }
        List<Unit> inserts = new ArrayList<>();
        List<Unit> updates = new ArrayList<>();
        for (String unit : changed) {
            Unit a = after.get(unit);
            Unit now = withValues(a.with(a.treatment(), a.firstExposure(), a.values(),
                    inline.getOrDefault(unit, before.containsKey(unit) ? before.get(unit).inline() : List.of())), experiment, current);
            if (before.containsKey(unit)) {
                updates.add(now);
            } else {
                inserts.add(now);
                if (known != null) {
                    known.add(c, key, unit);
                }
            }
        }
        Set<String> raced = rows.insertUnits(c, key, inserts);
        if (!raced.isEmpty()) {
            return raced;
        }
        rows.updateUnits(c, key, updates);
        deltas.flush(c, key, node, postgres);
        return Set.of();
    }

    /** A hash map's initial capacity for n entries at the default load factor (HashMap.newHashMap is Java 19). */
    static int capacity(int n) {
        return (int) Math.min(1 << 30, n * 4L / 3 + 1);
    }

    /** The group's snapshot: the metrics of all its events' snapshots (one object when they share one, the usual case). */
    static ExperimentSnapshot union(List<Event> events) {
        ExperimentSnapshot last = events.get(events.size() - 1).experiment();
        Map<String, MetricSpec> metrics = null;
        ExperimentSnapshot seen = last;
        for (Event e : events) {
            ExperimentSnapshot s = e.experiment();
            if (s == seen || s.metrics().equals(last.metrics())) {
                continue;
            }
            seen = s;
            if (metrics == null) {
                metrics = new HashMap<>(last.metrics());
            }
            for (Map.Entry<String, MetricSpec> m : s.metrics().entrySet()) {
                metrics.putIfAbsent(m.getKey(), m.getValue());
            }
        }
        return metrics == null ? last : new ExperimentSnapshot(last.key(), metrics);
    }

    /**
     * PostgreSQL: a unit already exposed no later than this group's exposures, and without a conversion
     * here, changes nothing (first exposures only move earlier, treatments never move), so it is left
     * out before any row is locked or written: read once without a lock, as a returning customer's
     * next exposure, the commonest event, should cost. The rest are locked and read again.
     */
    private void skipUnchanged(Connection c, String key, List<Event> events, Map<String, Event> firstExposure,
                               Set<String> touched) throws SQLException {
        Set<String> exposedOnly = new HashSet<>(firstExposure.keySet());
        for (Event e : events) {
            if (e.type() == EventType.CONVERSION) {
                exposedOnly.remove(e.unit());
            }
        }
        if (exposedOnly.isEmpty()) {
            return;
        }
        Map<String, Unit> stored = rows.peek(c, key, new ArrayList<>(exposedOnly));
        stored.forEach((unit, row) -> {
            if (row.exposed() && !firstExposure.get(unit).occurredAt().isBefore(row.firstExposure())) {
                touched.remove(unit);
            }
        });
    }

    /** The unit with its current values; values of metrics no longer defined are kept as stored. */
    private static Unit withValues(Unit unit, ExperimentSnapshot experiment, Map<MetricKey, Rollup.UnitValue> current) {
        Map<String, Rollup.UnitValue> values = new HashMap<>(unit.values());
        for (String metric : experiment.metrics().keySet()) {
            Rollup.UnitValue v = current.get(new MetricKey(unit.unit(), metric));
            if (v == null || v.conversions() == 0) {
                values.remove(metric); // no counted conversion: the same as no value
            } else {
                values.put(metric, v);
            }
        }
        return unit.with(unit.treatment(), unit.firstExposure(), values, unit.inline());
    }

    /** Takes the unit's old contributions off its old day and adds the ones its stored conversions give now. */
    private void recompute(Connection c, ExperimentSnapshot experiment, Unit old, Unit now, List<UnitTable.Conversion> inline,
                           Map<MetricKey, Rollup.UnitValue> current, Set<MetricKey> dirty, DailyDeltas deltas)
            throws SQLException {
        // Both places: units stored before V4, or with more than UnitTable.INLINE conversions, have table rows.
        List<UnitTable.Conversion> conversions = new ArrayList<>(inline);
        conversions.addAll(rows.conversions(c, experiment.key(), now.unit()));
        for (MetricSpec spec : experiment.metrics().values()) {
            MetricKey mk = new MetricKey(now.unit(), spec.name());
            Rollup.UnitValue was = current.getOrDefault(mk, Rollup.UnitValue.NONE);
            if (old.exposed()) {
                deltas.metric(old.treatment(), spec.name(), Rollup.day(old.firstExposure()),
                        Rollup.change(spec.type(), was, Rollup.UnitValue.NONE), old.slices());
            }
            Rollup.UnitValue is = Rollup.UnitValue.NONE;
            for (UnitTable.Conversion conversion : conversions) {
                if (conversion.metric().equals(spec.name())
                        && Rollup.inWindow(now.firstExposure(), spec.windowDays(), conversion.at())) {
                    is = is.plus(conversion.value());
                }
            }
            deltas.metric(now.treatment(), spec.name(), Rollup.day(now.firstExposure()),
                    Rollup.change(spec.type(), Rollup.UnitValue.NONE, is), now.slices());
            if (!is.equals(was)) {
                current.put(mk, is);
                dirty.add(mk);
            }
        }
    }
}
