package io.recolab.interleave;

import io.recolab.experiment.SharedItems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Team-draft interleaving (Radlinski, Kurup, Joachims, "How does clickthrough data reflect retrieval
 * quality?", CIKM 2008, Algorithm 2): like captains picking teams, the side with fewer picks so far picks
 * next, a coin deciding between equals; each pick is the side's highest-ranked item not already in the list.
 * The loop ends when either side has nothing new to add (the paper's rule: past that point one side would
 * fill the list alone and the picks would no longer be balanced) or the list has {@code n} items.
 *
 * <p>Pure: the coin flips come from a seed, which the server derives from (salt, unit, request id), so a
 * retried request shows the same list.
 */
public final class TeamDraft {
    private TeamDraft() {
    }

    /**
     * The shown list and, position by position, the side that contributed each item.
     *
     * @param shared the shown items that both input lists hold: either side would have shown them, so under
     *     {@link SharedItems#NEUTRAL} they credit nobody
     */
    public record Interleaved<T>(List<T> items, List<Side> teams, Set<T> shared) {
        public Interleaved {
            items = List.copyOf(items);
            teams = List.copyOf(teams);
            shared = Set.copyOf(shared);
        }

        /**
         * The side an interaction with the item at {@code position} credits under {@code rule}: its picker, or
         * null for a shared item under {@link SharedItems#NEUTRAL}.
         */
        public Side creditAt(int position, SharedItems rule) {
            return rule == SharedItems.NEUTRAL && shared.contains(items.get(position)) ? null : teams.get(position);
        }

        /** The side that contributed {@code item}, or null when the list does not show it. */
        public Side teamOf(T item) {
            int i = items.indexOf(item);
            return i < 0 ? null : teams.get(i);
        }

        public long count(Side side) {
            return teams.stream().filter(t -> t == side).count();
        }
    }

    public static <T> Interleaved<T> interleave(List<T> a, List<T> b, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        SplittableRandom coin = new SplittableRandom(seed);
        List<T> items = new ArrayList<>(n);
        List<Side> teams = new ArrayList<>(n);
        Set<T> shown = new HashSet<>();
        int ia = 0;
        int ib = 0;
        int picksA = 0;
        int picksB = 0;
        while (items.size() < n) {
            ia = nextNew(a, ia, shown);
            ib = nextNew(b, ib, shown);
            if (ia >= a.size() || ib >= b.size()) {
                break;
            }
            boolean aPicks = picksA < picksB || (picksA == picksB && coin.nextBoolean());
            T item = aPicks ? a.get(ia) : b.get(ib);
            shown.add(item);
            items.add(item);
            teams.add(aPicks ? Side.A : Side.B);
            if (aPicks) {
                picksA++;
            } else {
                picksB++;
            }
        }
        Set<T> inA = new HashSet<>(a);
        Set<T> inB = new HashSet<>(b);
        Set<T> shared = new HashSet<>();
        for (T item : items) {
            if (inA.contains(item) && inB.contains(item)) {
                shared.add(item);
            }
        }
        return new Interleaved<>(items, teams, shared);
    }

    private static <T> int nextNew(List<T> list, int from, Set<T> shown) {
        int i = from;
        while (i < list.size() && shown.contains(list.get(i))) {
            i++;
        }
        return i;
    }

    /** The coin flips' seed for one request: the first 8 bytes of SHA-256(salt, unit, request id). */
    public static long seed(String salt, String unit, String requestId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((salt + '\n' + unit + '\n' + requestId).getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (d[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
