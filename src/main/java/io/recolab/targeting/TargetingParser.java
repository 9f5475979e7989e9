package io.recolab.targeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles the JSON language into a {@link Condition}, refusing anything unclear with the path of
 * the offending part. Bounded, because a condition is evaluated on every assignment.
 */
final class TargetingParser {
    static final int MAX_DEPTH = 10;
    static final int MAX_TESTS = 100;
    static final int MAX_LIST = 1_000;
    static final int MAX_PATTERN = 256;
    /** The largest {@link RegexSize} of a condition's regexes together: a match then costs at most ~1,000 x 256 steps of RE2/J. */
    static final long MAX_PROGRAM = 1_000;
    /**
     * The bound for definitions read back from the store: those stored before the bound above existed still
     * load (a bigger one would only have failed at compile, out of memory), so an upgrade never loses one.
     */
    static final long MAX_STORED_PROGRAM = 10_000_000;
    private final long maxProgram;

    TargetingParser(long maxProgram) {
        this.maxProgram = maxProgram;
    }
    private int tests;
    private long regexSteps;

    Condition condition(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidTargeting(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidTargeting(path, "must be an object, got " + abbreviate(node));
        }
        if (node.isEmpty()) {
            throw new InvalidTargeting(path, "must not be empty (leave targeting out to include every unit)");
        }
        for (String combinator : List.of("and", "or", "not")) {
            if (node.has(combinator)) {
                if (node.size() != 1) {
                    throw new InvalidTargeting(path, "\"" + combinator + "\" must stand alone in its object");
                }
                return combinator(combinator, node.get(combinator), path + "." + combinator, depth);
            }
        }
        List<Condition> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            parts.addAll(attribute(field.getKey(), field.getValue(), path + "." + field.getKey()));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts.toArray(Condition[]::new));
    }

    private Condition combinator(String name, JsonNode value, String path, int depth) {
        if (name.equals("not")) {
            return new Condition.Not(condition(value, path, depth + 1));
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidTargeting(path, "must be a non-empty array of conditions, got " + abbreviate(value));
        }
        List<Condition> parts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            parts.add(condition(value.get(i), path + "[" + i + "]", depth + 1));
        }
        Condition[] array = parts.toArray(Condition[]::new);
        return name.equals("and") ? new Condition.All(array) : new Condition.Any(array);
    }

    private List<Condition> attribute(String name, JsonNode ops, String path) {
        if (!Attributes.NAME.matcher(name).matches()) {
            throw new InvalidTargeting(path, "an attribute name must match " + Attributes.NAME
                    + " (or use and, or, not)");
        }
        if (!ops.isObject() || ops.isEmpty()) {
            throw new InvalidTargeting(path, "must be an object of operators (eq, in, nin, gt, gte, lt, lte, exists,"
                    + " regex), got " + abbreviate(ops));
        }
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            if (++tests > MAX_TESTS) {
                throw new InvalidTargeting(path, "a condition holds at most " + MAX_TESTS + " tests");
            }
            out.add(new Condition.Test(name, operator(op.getKey(), op.getValue(), path + "." + op.getKey())));
        }
        return out;
    }

    private Condition.Operator operator(String op, JsonNode v, String path) {
        return switch (op) {
            case "eq" -> new Condition.Eq(scalar(v, path));
            case "in" -> new Condition.In(list(v, path));
            case "nin" -> new Condition.NotIn(new Condition.In(list(v, path)));
            case "gt", "gte", "lt", "lte" -> {
                if (!(v.isNumber() || v.isTextual())) {
                    throw new InvalidTargeting(path, "must be a number or string, got " + abbreviate(v));
                }
                yield new Condition.Compare(scalar(v, path), op);
            }
            case "exists" -> {
                if (!v.isBoolean()) {
                    throw new InvalidTargeting(path, "must be true or false, got " + abbreviate(v));
                }
                yield new Condition.Exists(v.booleanValue());
            }
            case "regex" -> new Condition.Regex(pattern(v, path));
            default -> throw new InvalidTargeting(path, "unknown operator (known: eq, in, nin, gt, gte, lt, lte,"
                    + " exists, regex)");
        };
    }

    private static Object scalar(JsonNode v, String path) {
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidTargeting(path, "must be a finite number, got " + abbreviate(v));
            }
            return d;
        }
        if (v.isTextual()) {
            if (v.textValue().length() > Attributes.MAX_VALUE_LENGTH) {
                throw new InvalidTargeting(path, "a string of at most " + Attributes.MAX_VALUE_LENGTH
                        + " characters, got " + v.textValue().length());
            }
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw new InvalidTargeting(path, "must be a string, number or boolean, got " + abbreviate(v));
    }

    private static List<Object> list(JsonNode v, String path) {
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_LIST) {
            throw new InvalidTargeting(path, "must be an array of 1.." + MAX_LIST + " strings, numbers or booleans, got "
                    + abbreviate(v));
        }
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(scalar(v.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private Pattern pattern(JsonNode v, String path) {
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > MAX_PATTERN) {
            throw new InvalidTargeting(path, "must be a regular expression of 1.." + MAX_PATTERN + " characters, got "
                    + abbreviate(v));
        }
        // Sized before it is compiled: a short pattern with nested counted repetitions compiles into
        // billions of instructions (RegexSize), and the match time grows with the program too.
        long size = RegexSize.of(v.textValue());
        if (size > maxProgram) {
            throw new InvalidTargeting(path, "regular expression too large once its repetitions are expanded (about "
                    + (size >= Long.MAX_VALUE / 4 ? "more than 1e18" : String.valueOf(size)) + " steps, at most " + maxProgram
                    + "): use smaller {n,m} counts or fewer nested ones");
        }
        // The bound is on the whole condition, not each regex: a condition of 100 regexes at the bound took about
        // a second per assignment, on the event loop (red-team, 2026-12-07).
        regexSteps += size;
        // Only for new definitions: one read back from the store was checked per regex when it was saved, and
        // must keep loading (the stored bound is a per-regex compile guard, not a budget for the whole condition).
        if (maxProgram == MAX_PROGRAM && regexSteps > maxProgram) {
            throw new InvalidTargeting(path, "the condition's regular expressions together are too large (about "
                    + regexSteps + " steps once their repetitions are expanded, at most " + maxProgram
                    + " for the whole condition): use fewer or smaller ones");
        }
        try {
            return Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            throw new InvalidTargeting(path, "not a regular expression (RE2 syntax): " + e.getDescription());
        }
    }

    static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
