package io.recolab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.assign.LayerSlot;
import io.recolab.json.Json;
import io.recolab.targeting.InvalidTargeting;
import io.recolab.targeting.Targeting;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes the definition format of CONTRACT §4. Strict on purpose: an unknown field is
 * a typo that would otherwise be silently ignored, and a wrong type names the field's path.
 */
public final class DefinitionJson {
    private static final Set<String> TOP = Set.of("key", "description", "unit", "exposurePercent", "treatments",
            "metrics", "salt", "targeting", "slices", "autoPause", "design", "layer",
            "sharedItems");
    private static final Set<String> LAYER = Set.of("name", "buckets");
    private static final Set<String> TREATMENT = Set.of("name", "weight", "recommender");
    private static final Set<String> METRIC = Set.of("name", "type", "windowDays", "role", "harm", "numerator",
            "denominator", "cap", "cuped");
    private static final Set<String> CAP = Set.of("percentile");

    private DefinitionJson() {
    }

    public static ExperimentDefinition parse(JsonNode node) {
        return parse(node, false);
    }

    /**
     * A definition this program stored itself: the same checks, except that a targeting regex stored before
     * regexes were sized (TargetingParser) still loads instead of failing the whole catalog.
     */
    public static ExperimentDefinition parseStored(JsonNode node) {
        return parse(node, true);
    }

    private static ExperimentDefinition parse(JsonNode node, boolean stored) {
        if (node == null || !node.isObject()) {
            throw new InvalidDefinition("a definition must be a JSON object");
        }
        rejectUnknown(node, TOP, "");
        List<Treatment> treatments = new ArrayList<>();
        JsonNode ts = node.get("treatments");
        if (ts != null && !ts.isNull()) {
            if (!ts.isArray()) {
                throw new InvalidDefinition("treatments must be an array");
            }
            for (int i = 0; i < ts.size(); i++) {
                treatments.add(treatment(ts.get(i), "treatments[" + i + "]"));
            }
        }
        List<MetricSpec> metrics = null;
        JsonNode ms = node.get("metrics");
        if (ms != null && !ms.isNull()) {
            if (!ms.isArray()) {
                throw new InvalidDefinition("metrics must be an array");
            }
            metrics = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) {
                metrics.add(metric(ms.get(i), "metrics[" + i + "]"));
            }
        }
        double exposure = node.has("exposurePercent") ? number(node, "exposurePercent", "") : 100;
        return new ExperimentDefinition(text(node, "key", ""), text(node, "description", ""),
                text(node, "unit", ""), exposure, treatments, metrics, text(node, "salt", ""), targeting(node, stored), slices(node), autoPause(node),
                exactChoice(Design.class, text(node, "design", ""), "design"), layer(node.get("layer")),
                exactChoice(SharedItems.class, text(node, "sharedItems", ""), "sharedItems"));
    }

    /** {@code "layer": {"name": "home-row", "buckets": [0, 2500]}}: the range [from, to) of the layer's 10,000 buckets. */
    private static LayerSlot layer(JsonNode layer) {
        if (layer == null || layer.isNull()) {
            return null;
        }
        if (!layer.isObject()) {
            throw new InvalidDefinition("layer must be an object like {\"name\": \"home-row\", \"buckets\": [0, 2500]}, got " + layer);
        }
        rejectUnknown(layer, LAYER, "layer.");
        String name = text(layer, "name", "layer.");
        if (name == null) {
            throw new InvalidDefinition("layer.name is required");
        }
        JsonNode b = layer.get("buckets");
        if (b == null || !b.isArray() || b.size() != 2 || !b.get(0).isIntegralNumber() || !b.get(1).isIntegralNumber()
                || !b.get(0).canConvertToInt() || !b.get(1).canConvertToInt()) {
            throw new InvalidDefinition("layer.buckets must be two integers [from, to), got " + b);
        }
        try {
            return new LayerSlot(name, b.get(0).intValue(), b.get(1).intValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinition(e.getMessage());
        }
    }

    public static ExperimentDefinition parse(String json) {
        return parse(Json.parse(json));
    }

    private static List<String> slices(JsonNode node) {
        JsonNode s = node.get("slices");
        if (s == null || s.isNull()) {
            return List.of();
        }
        if (!s.isArray()) {
            throw new InvalidDefinition("slices must be an array of attribute names, got " + s);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).isTextual()) {
                throw new InvalidDefinition("slices[" + i + "] must be a string, got " + s.get(i));
            }
            out.add(s.get(i).textValue());
        }
        return out;
    }

    private static boolean autoPause(JsonNode node) {
        JsonNode a = node.get("autoPause");
        if (a == null || a.isNull()) {
            return false;
        }
        if (!a.isBoolean()) {
            throw new InvalidDefinition("autoPause must be true or false, got " + a);
        }
        return a.booleanValue();
    }

    private static Targeting targeting(JsonNode node, boolean stored) {
        JsonNode t = node.get("targeting");
        if (t == null || t.isNull()) {
            return null;
        }
        try {
            return stored ? Targeting.parseStored(t, "targeting") : Targeting.parse(t, "targeting");
        } catch (InvalidTargeting e) {
            throw new InvalidDefinition(e.getMessage());
        }
    }

    private static Treatment treatment(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidDefinition(path + " must be an object");
        }
        rejectUnknown(node, TREATMENT, path + ".");
        try {
            return new Treatment(text(node, "name", path + "."), integer(node, "weight", path + "."),
                    text(node, "recommender", path + "."));
        } catch (InvalidDefinition e) {
            throw new InvalidDefinition(path + ": " + e.getMessage());
        }
    }

    private static MetricSpec metric(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidDefinition(path + " must be an object");
        }
        rejectUnknown(node, METRIC, path + ".");
        String type = text(node, "type", path + ".");
        MetricSpec.Type parsed;
        if (type == null) {
            parsed = MetricSpec.Type.BINOMIAL;
        } else {
            try {
                parsed = MetricSpec.Type.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidDefinition(path + ".type must be binomial, mean or ratio, got \"" + type + "\"");
            }
        }
        int window = node.has("windowDays") ? integer(node, "windowDays", path + ".") : 14;
        MetricSpec.Role role = choice(MetricSpec.Role.class, text(node, "role", path + "."), path + ".role");
        MetricSpec.Harm harm = choice(MetricSpec.Harm.class, text(node, "harm", path + "."), path + ".harm");
        String numerator = text(node, "numerator", path + ".");
        String denominator = text(node, "denominator", path + ".");
        try {
            MetricSpec.Ratio ratio = numerator == null && denominator == null ? null
                    : new MetricSpec.Ratio(numerator, denominator);
            return new MetricSpec(text(node, "name", path + "."), parsed, window, role, harm, ratio,
                    cap(node.get("cap"), path + ".cap"), cuped(node.get("cuped"), path + ".cuped"));
        } catch (InvalidDefinition e) {
            throw new InvalidDefinition(path + ": " + e.getMessage());
        }
    }

    /** {@code "cap": {"percentile": 99}}: winsorize per-unit values at that pooled percentile. */
    private static Double cap(JsonNode cap, String path) {
        if (cap == null || cap.isNull()) {
            return null;
        }
        if (!cap.isObject()) {
            throw new InvalidDefinition(path + " must be an object like {\"percentile\": 99}, got " + cap);
        }
        rejectUnknown(cap, CAP, path + ".");
        return number(cap, "percentile", path + ".");
    }

    /** {@code "cuped": true} (the metric's own conversions before exposure), or "conversions" | "interactions". */
    private static MetricSpec.Covariate cuped(JsonNode cuped, String path) {
        if (cuped == null || cuped.isNull() || (cuped.isBoolean() && !cuped.booleanValue())) {
            return null;
        }
        if (cuped.isBoolean()) {
            return MetricSpec.Covariate.CONVERSIONS;
        }
        if (!cuped.isTextual()) {
            throw new InvalidDefinition(path + " must be true, false, \"conversions\" or \"interactions\", got " + cuped);
        }
        return choice(MetricSpec.Covariate.class, cuped.textValue(), path);
    }

    /** An optional enum value in any case (metric role, harm); null when absent. */
    private static <E extends Enum<E>> E choice(Class<E> type, String value, String path) {
        return choice(type, value, path, true);
    }

    /** An optional enum value written exactly in lower case (design, sharedItems); null when absent. */
    private static <E extends Enum<E>> E exactChoice(Class<E> type, String value, String path) {
        return choice(type, value, path, false);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String path, boolean anyCase) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (anyCase ? e.name().equalsIgnoreCase(value) : e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        throw new InvalidDefinition(path + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got \"" + value + "\"");
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String path) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidDefinition("unknown field " + path + name + " (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDefinition(path + field + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static double number(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new InvalidDefinition(path + field + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static int integer(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidDefinition(path + field + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    public static ObjectNode toJson(ExperimentDefinition d) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("key", d.key());
        node.put("description", d.description());
        node.put("unit", d.unit());
        if (d.exposurePercent() == Math.rint(d.exposurePercent())) {
            node.put("exposurePercent", (long) d.exposurePercent());
        } else {
            node.put("exposurePercent", d.exposurePercent());
        }
        ArrayNode ts = node.putArray("treatments");
        for (Treatment t : d.treatments()) {
            ts.addObject().put("name", t.name()).put("weight", t.weight()).put("recommender", t.recommender());
        }
        ArrayNode ms = node.putArray("metrics");
        for (MetricSpec m : d.metrics()) {
            ObjectNode metric = ms.addObject().put("name", m.name()).put("type", m.type().wireName())
                    .put("windowDays", m.windowDays());
            if (m.role() != null) {
                metric.put("role", m.role().wireName());
            }
            if (m.harm() != null) {
                metric.put("harm", m.harm().wireName());
            }
            if (m.ratio() != null) {
                metric.put("numerator", m.ratio().numerator()).put("denominator", m.ratio().denominator());
            }
            if (m.capPercentile() != null) {
                metric.putObject("cap").put("percentile", m.capPercentile());
            }
            if (m.cuped() != null) {
                metric.put("cuped", m.cuped().wireName());
            }
        }
        node.put("salt", d.salt());
        if (d.targeting() != null) {
            node.set("targeting", d.targeting().json());
        }
        if (!d.slices().isEmpty()) {
            ArrayNode slices = node.putArray("slices");
            d.slices().forEach(slices::add);
        }
        if (d.autoPause()) {
            node.put("autoPause", true);
        }
        if (d.layer() != null) {
            layerJson(node.putObject("layer"), d.layer());
        }
        if (d.design() != Design.AB) { // absent means ab: definitions written before issue 24 stay byte-identical
            node.put("design", d.design().wireName());
        }
        if (d.sharedItems() != null && d.sharedItems() != SharedItems.PICKER) { // the default stays unwritten, as above
            node.put("sharedItems", d.sharedItems().wireName());
        }
        return node;
    }

    public static ObjectNode layerJson(ObjectNode into, LayerSlot layer) {
        into.put("name", layer.name());
        into.putArray("buckets").add(layer.from()).add(layer.to());
        return into;
    }

    public static String write(ExperimentDefinition d) {
        return Json.write(toJson(d));
    }
}
