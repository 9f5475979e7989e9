package io.recolab.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Items customers consumed since the models were trained, so that the next recommendation does
 * not show them again before the next retrain learns them. Bounded: least recently active
 * customers are forgotten first (the store keeps everything for retraining).
 */
public final class LiveHistory {
    private final int maxCustomers;
    private final Map<String, Set<String>> items;

    public LiveHistory(int maxCustomers) {
        this.maxCustomers = maxCustomers;
        this.items = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > LiveHistory.this.maxCustomers;
            }
        };
    }

    public synchronized void add(String customer, String item) {
        items.computeIfAbsent(customer, k -> new LinkedHashSet<>()).add(item);
    }

    public synchronized Set<String> of(String customer) {
        Set<String> s = items.get(customer);
        return s == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }

    /** After a retrain on everything stored, the models know these items: start afresh. */
    public synchronized void clear() {
        items.clear();
    }
}
