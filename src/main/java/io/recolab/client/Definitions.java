package io.recolab.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.assign.Allocation;
import io.recolab.assign.Assigner;
import io.recolab.assign.LayerSlot;
import io.recolab.assign.Plan;
import io.recolab.targeting.Targeting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiments the client assigns from: an immutable snapshot, replaced whole on each refresh.
 * Built from the server's list of running experiments; the allocation is the server's own code
 * ({@code io.recolab.assign}), so the client's answer is the server's answer.
 */
final class Definitions {
    /** An experiment as the client needs it: arms and allocation, and whether it still runs. */
    record Experiment(String key, List<String> names, List<String> recommenders, Plan plan, boolean running) {
        Experiment stopped() {
            return new Experiment(key, names, recommenders, plan, false);
        }

        ClientAssignment assign(String unit, Map<String, ?> attributes) {
            // The server's plan itself (io.recolab.assign.Plan with io.recolab.targeting's evaluator):
            // not running, layer, targeting, exposure decided here exactly as there.
            long packed = plan.decide(unit, running, attributes);
            int t = Assigner.treatmentOf(packed);
            return new ClientAssignment(key, unit, names.get(t), recommenders.get(t), Assigner.inExperiment(packed));
        }
    }

    static final Definitions EMPTY = new Definitions(Map.of());

    private final Map<String, Experiment> byKey;

    private Definitions(Map<String, Experiment> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    Optional<Experiment> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    int size() {
        return byKey.size();
    }

    /**
     * The next snapshot from {@code GET /api/v1/experiments?status=running}. An experiment that was
     * running and is no longer listed (paused, stopped) is kept with its arms, as not running, so
     * its units get the control exactly as the server would give them.
     */
    Definitions next(JsonNode list) {
        Map<String, Experiment> out = new HashMap<>();
        byKey.forEach((k, e) -> out.put(k, e.stopped()));
        JsonNode experiments = list.path("experiments");
        if (!experiments.isArray()) {
            throw new IllegalArgumentException("expected {\"experiments\":[...]}, got " + abbreviate(list));
        }
        for (JsonNode e : experiments) {
            Experiment parsed = parse(e);
            out.put(parsed.key(), parsed);
        }
        return new Definitions(out);
    }

    static Experiment parse(JsonNode e) {
        String key = e.path("key").asText(null);
        if (key == null) {
            throw new IllegalArgumentException("an experiment without a key: " + abbreviate(e));
        }
        String salt = e.path("salt").asText(key);
        double exposure = e.path("exposurePercent").asDouble(100);
        List<String> names = new ArrayList<>();
        List<String> recommenders = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (JsonNode t : e.path("treatments")) {
            names.add(t.path("name").asText());
            recommenders.add(t.path("recommender").asText());
            weights.add(t.path("weight").asInt());
        }
        boolean running = "running".equals(e.path("status").asText("running"));
        JsonNode t = e.get("targeting");
        // As the server loads it (parseStored): a regex stored before the size bound still loads there, and
        // refusing it here would fail the whole refresh, every experiment with it.
        Targeting targeting = t == null || t.isNull() ? null : Targeting.parseStored(t, key + ".targeting");
        LayerSlot layer = layer(e.get("layer"), key);
        Plan plan = new Plan(Allocation.of(salt, exposure, weights), layer, targeting == null ? null : targeting::matches);
        return new Experiment(key, List.copyOf(names), List.copyOf(recommenders), plan, running);
    }

    private static LayerSlot layer(JsonNode l, String key) {
        if (l == null || l.isNull()) {
            return null;
        }
        JsonNode b = l.path("buckets");
        if (!b.isArray() || b.size() != 2) {
            throw new IllegalArgumentException(key + ".layer.buckets must be [from, to), got " + b);
        }
        return new LayerSlot(l.path("name").asText(), b.get(0).asInt(), b.get(1).asInt());
    }

    private static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
