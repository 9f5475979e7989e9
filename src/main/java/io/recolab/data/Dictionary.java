package io.recolab.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * External ids (customer or item) to dense indexes 0..size-1 and back. Indexes follow {@link #ID_ORDER},
 * so "ties broken by item id" and "ties broken by item index" are the same rule everywhere.
 */
public final class Dictionary {
    /**
     * Numeric ids compare as numbers ("9" before "10", as MovieLens and Online Retail readers expect),
     * numbers come before other ids, and everything else compares as strings.
     */
    public static final Comparator<String> ID_ORDER = Dictionary::compareIds;

    private final String[] ids;
    private final Map<String, Integer> indexes;

    private Dictionary(String[] ids) {
        this.ids = ids;
        this.indexes = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (indexes.put(ids[i], i) != null) {
                throw new IllegalArgumentException("duplicate id in dictionary: '" + ids[i] + "'");
            }
        }
    }

    /** A dictionary whose ids are already in {@link #ID_ORDER}; the caller's array is copied. */
    public static Dictionary ofSorted(String... ids) {
        for (int i = 1; i < ids.length; i++) {
            if (compareIds(ids[i - 1], ids[i]) >= 0) {
                throw new IllegalArgumentException(
                        "ids not in order at " + i + ": '" + ids[i - 1] + "' then '" + ids[i] + "'");
            }
        }
        return new Dictionary(ids.clone());
    }

    /** Sorts {@code ids} (distinct) and returns the dictionary plus old position -> new index. */
    static Sorted sort(String[] ids) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareIds(ids[a], ids[b]));
        String[] sorted = new String[ids.length];
        int[] remap = new int[ids.length];
        for (int newIndex = 0; newIndex < order.length; newIndex++) {
            sorted[newIndex] = ids[order[newIndex]];
            remap[order[newIndex]] = newIndex;
        }
        return new Sorted(new Dictionary(sorted), remap);
    }

    record Sorted(Dictionary dictionary, int[] remap) {
    }

    public int size() {
        return ids.length;
    }

    public String id(int index) {
        return ids[index];
    }

    /** The dense index of {@code id}, or -1 when the id is unknown (a cold customer, a new item). */
    public int index(String id) {
        Integer index = indexes.get(id);
        return index == null ? -1 : index;
    }

    /** Rough heap cost: the id strings, the array and the hash map entries. */
    long estimatedBytes() {
        long bytes = 16 + 4L * ids.length + 48L * ids.length; // array + HashMap nodes and table
        for (String id : ids) {
            bytes += 40 + id.length(); // String + its Latin-1 byte[]
        }
        return bytes;
    }

    private static int compareIds(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int byValue = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return byValue != 0 ? byValue : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }
}
