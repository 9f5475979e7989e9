package io.recolab.targeting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A unit's attributes as a call brings them: name to String, Double or Boolean. Bounded and
 * checked, because they come from the caller on every assignment.
 */
public final class Attributes {
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    public static final int MAX_ATTRIBUTES = 64;
    public static final int MAX_VALUE_LENGTH = 256;
    public static final Map<String, Object> NONE = Map.of();

    private Attributes() {
    }

    /**
     * @param path the field's name in messages ("attributes")
     * @throws IllegalArgumentException naming the attribute, for a bad name, type or length
     */
    public static Map<String, Object> fromJson(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object of strings, numbers and booleans");
        }
        Map<String, Object> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            String where = path + "." + f.getKey();
            Object value;
            if (v.isNull()) {
                // A missing value, as GrowthBook and Statsig read it: SDKs send null for an attribute they lack.
                checkName(f.getKey(), path);
                continue;
            } else if (v.isTextual()) {
                value = v.textValue();
            } else if (v.isNumber() && Double.isFinite(v.doubleValue())) {
                value = v.doubleValue();
            } else if (v.isBoolean()) {
                value = v.booleanValue();
            } else {
                throw new IllegalArgumentException(where + " must be a string, number or boolean, got "
                        + TargetingParser.abbreviate(v));
            }
            put(out, f.getKey(), value, path);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Adds one checked attribute (a query parameter's value is always text). */
    public static void put(Map<String, Object> into, String name, Object value, String path) {
        checkName(name, path);
        if (value == null) {
            return; // missing: what a null attribute means (fromJson)
        }
        if (!(value instanceof String || value instanceof Boolean
                || value instanceof Double d && Double.isFinite(d))) {
            throw new IllegalArgumentException(path + "." + name + " must be a string, finite number or boolean, got "
                    + value);
        }
        if (value instanceof String s && s.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(path + "." + name + " must be at most " + MAX_VALUE_LENGTH
                    + " characters, got " + s.length());
        }
        if (value instanceof String s && s.chars().anyMatch(Character::isISOControl)) {
            // Like unit ids: control characters end up in logs, exports and slice values, never meaningfully.
            throw new IllegalArgumentException(path + "." + name + " must not contain control characters");
        }
        if (into.put(name, value) != null) {
            throw new IllegalArgumentException(path + "." + name + " is given twice");
        }
        if (into.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException(path + ": at most " + MAX_ATTRIBUTES + " attributes per call");
        }
    }

    private static void checkName(String name, String path) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(path + ": attribute name \"" + abbreviate(name) + "\" must match " + NAME);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 70 ? s.substring(0, 70) + "..." : s;
    }
}
