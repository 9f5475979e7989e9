package io.recolab.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which units of an experiment may have an {@code experiment_units} row, so that the writer skips
 * the lookup of units that surely have none: on the H2 file store a batch's new units cost as much
 * to look up as to insert. Only used on H2, where this process is the database's only writer and
 * its single writer thread is the only code that inserts unit rows: the filter is filled from the
 * table on an experiment's first use, and then with every unit the writer inserts (before commit;
 * a rolled-back insert only leaves a false positive, which costs a lookup, never a wrong answer).
 * A "maybe" always falls back to the database. If some other writer inserted units anyway, the
 * insert fails on the primary key, and {@link #forget()} makes the next try rebuild from the table.
 * <p>
 * Memory: a chain of Bloom filters, each twice the previous one's capacity, at 10 bits per unit
 * (about 1% false positives each): 1.25 bytes per unit instead of a set of strings.
 */
final class KnownUnits {
    private static final int FIRST_CAPACITY = 1 << 16;
    private static final int HASHES = 7;

    private final Map<String, List<Bloom>> byExperiment = new HashMap<>();

    /** False when the unit surely has no row; true when it may have one. */
    boolean mayExist(Connection c, String experiment, String unit) throws SQLException {
        long h = hash(unit);
        for (Bloom b : filters(c, experiment)) {
            if (b.mayContain(h)) {
                return true;
            }
        }
        return false;
    }

    void add(Connection c, String experiment, String unit) throws SQLException {
        List<Bloom> chain = filters(c, experiment);
        Bloom last = chain.get(chain.size() - 1);
        if (last.size >= last.capacity) {
            last = new Bloom(last.capacity * 2);
            chain.add(last);
        }
        last.add(hash(unit));
    }

    /** Drops every filter; each is rebuilt from the table on its experiment's next use. */
    void forget() {
        byExperiment.clear();
    }

    private List<Bloom> filters(Connection c, String experiment) throws SQLException {
        List<Bloom> chain = byExperiment.get(experiment);
        if (chain != null) {
            return chain;
        }
        chain = new ArrayList<>();
        chain.add(new Bloom(FIRST_CAPACITY));
        try (PreparedStatement ps = c.prepareStatement("SELECT unit_id FROM experiment_units WHERE experiment_key = ?")) {
            ps.setString(1, experiment);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bloom last = chain.get(chain.size() - 1);
                    if (last.size >= last.capacity) {
                        last = new Bloom(last.capacity * 2);
                        chain.add(last);
                    }
                    last.add(hash(rs.getString(1)));
                }
            }
        }
        byExperiment.put(experiment, chain);
        return chain;
    }

    /** 64-bit FNV-1a, finished by a mixer so that both halves are usable as independent hashes. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static final class Bloom {
        final int capacity;
        final long[] bits;
        int size;

        Bloom(int capacity) {
            this.capacity = capacity;
            this.bits = new long[Math.max(1, capacity * 10 / 64)];
        }

        void add(long h) {
            long m = (long) bits.length * 64;
            for (int i = 0; i < HASHES; i++) {
                long bit = Math.floorMod((int) h + i * (h >>> 32), m);
                bits[(int) (bit >>> 6)] |= 1L << bit;
            }
            size++;
        }

        boolean mayContain(long h) {
            long m = (long) bits.length * 64;
            for (int i = 0; i < HASHES; i++) {
                long bit = Math.floorMod((int) h + i * (h >>> 32), m);
                if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
