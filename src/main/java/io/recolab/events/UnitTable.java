package io.recolab.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link Attribution} keeps each unit's state: the {@code experiment_units} rows ({@link UnitRows}),
 * or a Kafka processor's keyed state, which lives with the unit's partition and reaches the
 * database only as a changelog.
 */
public interface UnitTable {
    /**
     * A unit's treatment and first analysed exposure, both null while only its conversions are known,
     * its running metric values (empty until a conversion counts, which needs an exposure) and its
     * first {@link #INLINE} conversions, kept with the unit for re-reads (later ones are kept apart).
     */
    record Unit(String unit, String treatment, Instant firstExposure, Map<String, Rollup.UnitValue> values,
                List<Conversion> inline, Map<String, String> slices) {
        public Unit {
            values = Map.copyOf(values);
            inline = List.copyOf(inline);
            slices = slices == null ? Map.of() : Map.copyOf(slices);
        }

        /** The same unit with other values and inline conversions (its slices stay). */
        public Unit with(String treatment, Instant firstExposure, Map<String, Rollup.UnitValue> values, List<Conversion> inline) {
            return new Unit(unit, treatment, firstExposure, values, inline, slices);
        }

        public boolean exposed() {
            return firstExposure != null;
        }
    }

    /** One stored conversion of a unit, re-read when its window has to be recomputed. */
    record Conversion(String metric, double value, Instant at) {
    }

    /**
     * Conversions kept with the unit itself: most units convert a few times, and then a conversion
     * costs no row of its own. Bounded, so that a unit converting often does not rewrite an ever
     * longer row; beyond it, each conversion is kept apart ({@link #insertConversions}).
     */
    int INLINE = 16;

    /**
     * Whether several writers may change one unit at once (PostgreSQL's rows, written by every node):
     * then rows are locked in one order, unchanged units are skipped before locking, and a unit
     * another writer created meanwhile makes the caller redo its group.
     */
    boolean shared();

    /** The units known among these (locked for the caller's transaction where {@link #shared}). */
    Map<String, Unit> load(Connection c, String experiment, List<String> units) throws SQLException;

    /** The units known among these, without a lock (only called where {@link #shared}). */
    Map<String, Unit> peek(Connection c, String experiment, List<String> units) throws SQLException;

    /** The conversions of a unit kept apart from it (beyond its {@link #INLINE}). */
    List<Conversion> conversions(Connection c, String experiment, String unit) throws SQLException;

    /** Keeps these conversions (of several units) apart from their units, for a later re-read. */
    void insertConversions(Connection c, List<Event> conversions) throws SQLException;

    /** @return the units another writer created meanwhile (only where {@link #shared}); nothing is kept then */
    Set<String> insertUnits(Connection c, String experiment, List<Unit> units) throws SQLException;

    void updateUnits(Connection c, String experiment, List<Unit> units) throws SQLException;
}
