package io.recolab.targeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Which units an experiment is for: a condition over the unit's attributes in a small JSON
 * language ({@code {"country": {"in": ["DE", "AT"]}}}, {@code and}, {@code or}, {@code not}; see
 * the README). Immutable and pure: the server and the Java client evaluate the same compiled
 * condition from the same JSON, so they agree on every unit.
 */
public final class Targeting {
    private static final ObjectMapper WRITER = new ObjectMapper();
    private final JsonNode json;
    private final Condition condition;
    private final String canonical;

    private Targeting(JsonNode json, Condition condition) {
        this.json = json;
        this.condition = condition;
        this.canonical = canonicalNumbers(json).toString();
    }

    /**
     * The condition with every number written one way: the evaluator holds operands as doubles
     * (Values), so 18, 18.0 and 1.8e1 are one condition. Integral values up to 2^53 as integers,
     * others as doubles. Without this a definition sent back unchanged by a client that re-serialises
     * numbers (the web UI's ramp: JavaScript writes 18.0 as 18) reads as a changed targeting and a
     * running experiment refuses it.
     */
    private static JsonNode canonicalNumbers(JsonNode node) {
        if (node.isNumber()) {
            double d = node.doubleValue();
            return d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15
                    ? com.fasterxml.jackson.databind.node.LongNode.valueOf((long) d)
                    : com.fasterxml.jackson.databind.node.DoubleNode.valueOf(d);
        }
        if (node.isObject()) {
            var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), canonicalNumbers(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(x -> out.add(canonicalNumbers(x)));
            return out;
        }
        return node;
    }

    /**
     * @param path the JSON path of the condition, for messages ("targeting")
     * @throws InvalidTargeting naming the path of the first bad part
     */
    public static Targeting parse(JsonNode json, String path) {
        return parse(json, path, TargetingParser.MAX_PROGRAM);
    }

    /** A condition this program stored itself: regexes stored before their size bound existed still load. */
    public static Targeting parseStored(JsonNode json, String path) {
        return parse(json, path, TargetingParser.MAX_STORED_PROGRAM);
    }

    private static Targeting parse(JsonNode json, String path, long maxProgram) {
        Condition c = new TargetingParser(maxProgram).condition(json, path, 0);
        return new Targeting(json.deepCopy(), c);
    }

    public static Targeting parse(String json) {
        try {
            return parse(WRITER.readTree(json), "targeting");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidTargeting("targeting", "malformed JSON");
        }
    }

    /** @param attributes name to String, Double or Boolean (see {@link Attributes}); missing names are absent */
    public boolean matches(Map<String, ?> attributes) {
        return condition.matches(attributes);
    }

    /** The condition as it was written (a copy). */
    public JsonNode json() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Targeting t && t.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
