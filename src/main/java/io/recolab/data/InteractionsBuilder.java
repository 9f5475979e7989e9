package io.recolab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects (customer id, item id, time) rows into growable primitive columns; not thread-safe. */
public final class InteractionsBuilder {
    private final Map<String, Integer> customerIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<String> customerIds = new ArrayList<>();
    private final List<String> itemIds = new ArrayList<>();
    private int[] customer = new int[1024];
    private int[] item = new int[1024];
    private long[] time = new long[1024];
    private int size;

    public InteractionsBuilder add(String customerId, String itemId, long epochSeconds) {
        if (size == customer.length) {
            int capacity = size * 2;
            customer = Arrays.copyOf(customer, capacity);
            item = Arrays.copyOf(item, capacity);
            time = Arrays.copyOf(time, capacity);
        }
        customer[size] = intern(customerId, customerIndex, customerIds);
        item[size] = intern(itemId, itemIndex, itemIds);
        time[size] = epochSeconds;
        size++;
        return this;
    }

    public int size() {
        return size;
    }

    public Interactions build() {
        Dictionary.Sorted customers = Dictionary.sort(customerIds.toArray(String[]::new));
        Dictionary.Sorted items = Dictionary.sort(itemIds.toArray(String[]::new));
        int[] c = new int[size];
        int[] i = new int[size];
        for (int p = 0; p < size; p++) {
            c[p] = customers.remap()[customer[p]];
            i[p] = items.remap()[item[p]];
        }
        return Interactions.of(c, i, Arrays.copyOf(time, size), customers.dictionary(), items.dictionary());
    }

    private static int intern(String id, Map<String, Integer> index, List<String> ids) {
        Integer known = index.get(id);
        if (known != null) {
            return known;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }
}
