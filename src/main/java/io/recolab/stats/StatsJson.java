package io.recolab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps the JSON bodies of {@code /api/v1/stats/*} (CONTRACT §6) to the engine's records, field by
 * field so every error names its field: {@link MalformedRequest} for a wrong shape or type (HTTP 400),
 * plain {@link IllegalArgumentException} for a value out of range (HTTP 422).
 */
public final class StatsJson {
    private StatsJson() {
    }

    /**
     * The fields each request object accepts, and those it requires. The parser refuses any other
     * field (a misspelt "alternative" would otherwise silently run the two-sided test), and
     * StatsSchemaTest holds the OpenAPI document to exactly these sets, so neither can drift.
     */
    private static final double MAX_COUNT = 1e15;
    public static final Map<String, Set<String>> FIELDS = Map.of(
            "compare", Set.of("metric", "difference", "test", "alternative", "alpha", "sequentialTuning", "correction",
                    "prior", "control", "treatments"),
            "arm", Set.of("name", "n", "sum", "sumSquares", "sumCubes", "preSum", "preSumSquares", "sumProducts",
                    "denominatorSum", "denominatorSumSquares", "denominatorSumProducts"),
            "prior", Set.of("mean", "variance"),
            "srm", Set.of("observed", "weights"),
            "power", Set.of("baseline", "relativeEffect", "alpha", "power", "treatments", "standardDeviation",
                    "unitsPerDay", "test", "sequentialTuning"));
    public static final Map<String, Set<String>> REQUIRED = Map.of(
            "compare", Set.of("metric", "control", "treatments"),
            "arm", Set.of("n", "sum"),
            "prior", Set.of("variance"),
            "srm", Set.of("observed", "weights"),
            "power", Set.of("baseline", "relativeEffect"));

    private static void requireKnownFields(JsonNode node, String kind, String path) {
        Set<String> known = FIELDS.get(kind);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException((path.isEmpty() ? "" : path + ".") + name + " is not a known field;"
                        + " known: " + new TreeSet<>(known));
            }
        }
    }

    /** The body has the wrong shape: not an object, a string where a number belongs, ... */
    public static final class MalformedRequest extends IllegalArgumentException {
        public MalformedRequest(String message) {
            super(message);
        }
    }

    public static ComparisonResult compare(JsonNode body) {
        return Analyzer.compare(comparisonRequest(body));
    }

    public static ComparisonRequest comparisonRequest(JsonNode body) {
        requireObject(body, "request body");
        requireKnownFields(body, "compare", "");
        String metricName = text(body, "metric", null);
        if (metricName == null) {
            throw new IllegalArgumentException("metric is required: binomial|mean|ratio");
        }
        MetricType metric = MetricType.parse("metric", metricName);
        Difference difference = Difference.parse("difference", text(body, "difference", "relative"));
        TestType test = TestType.parse("test", text(body, "test", "frequentist"));
        Alternative alternative = Alternative.parse("alternative", text(body, "alternative", "two-sided"));
        double alpha = number(body, "alpha", "alpha", ComparisonRequest.DEFAULT_ALPHA);
        double tuning = number(body, "sequentialTuning", "sequentialTuning", ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING);
        Correction correction = Correction.parse("correction", text(body, "correction", "holm"));
        GaussianPrior prior = null;
        JsonNode priorNode = body.get("prior");
        if (priorNode != null && !priorNode.isNull()) {
            requireObject(priorNode, "prior");
            requireKnownFields(priorNode, "prior", "prior");
            prior = new GaussianPrior(number(priorNode, "mean", "prior.mean", 0.0),
                    requiredNumber(priorNode, "variance", "prior.variance"));
        }
        JsonNode controlNode = body.get("control");
        if (controlNode == null || controlNode.isNull()) {
            throw new IllegalArgumentException("control is required");
        }
        Arm control = arm(controlNode, "control", "control", metric);
        JsonNode list = body.get("treatments");
        if (list == null || list.isNull()) {
            throw new IllegalArgumentException("treatments is required: an array of at least one treatment");
        }
        if (!list.isArray()) {
            throw new MalformedRequest("treatments must be an array, got " + list.getNodeType().name().toLowerCase());
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("treatments must hold at least one treatment, got none");
        }
        List<Arm> treatments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        names.add(control.name());
        for (int i = 0; i < list.size(); i++) {
            String path = "treatments[" + i + "]";
            Arm arm = arm(list.get(i), path, "T" + (i + 1), metric);
            if (!names.add(arm.name())) {
                throw new IllegalArgumentException(path + ".name '" + arm.name() + "' is used twice");
            }
            treatments.add(arm);
        }
        return new ComparisonRequest(metric, difference, test, alternative, alpha, tuning, correction, prior,
                control, treatments);
    }

    /** One arm; the HTTP API wants a test, so each arm needs n > 1 (the results page tolerates less). */
    static Arm arm(JsonNode node, String path, String defaultName, MetricType metric) {
        requireObject(node, path);
        requireKnownFields(node, "arm", path);
        String name = text(node, "name", defaultName);
        if (name.isBlank()) {
            throw new IllegalArgumentException(path + ".name must be a non-empty string");
        }
        long n = integer(node, "n", path + ".n");
        if (n <= 1) {
            throw new IllegalArgumentException(path + ".n must be > 1, got " + n);
        }
        double sum = requiredNumber(node, "sum", path + ".sum");
        // Binomial values are 0/1, so their sum of squares is the sum: it may be left out.
        Double squares = optionalNumber(node, "sumSquares", path + ".sumSquares");
        if (squares == null && metric != MetricType.BINOMIAL) {
            throw new IllegalArgumentException(path + ".sumSquares is required for a " + metric.wire() + " metric");
        }
        if (metric == MetricType.BINOMIAL && (sum < 0 || sum > n)) {
            throw new IllegalArgumentException(path + ".sum (conversions) must be between 0 and n = " + n + ", got " + sum);
        }
        SufficientStats stats = prefixed(path, () -> new SufficientStats(n, sum, squares == null ? sum : squares));
        Arm.PrePeriod pre = null;
        if (node.has("preSum") || node.has("preSumSquares") || node.has("sumProducts")) {
            pre = new Arm.PrePeriod(requiredNumber(node, "preSum", path + ".preSum"),
                    requiredNumber(node, "preSumSquares", path + ".preSumSquares"),
                    requiredNumber(node, "sumProducts", path + ".sumProducts"));
        }
        Arm.Denominator den = null;
        if (node.has("denominatorSum") || node.has("denominatorSumSquares") || node.has("denominatorSumProducts")) {
            den = new Arm.Denominator(requiredNumber(node, "denominatorSum", path + ".denominatorSum"),
                    requiredNumber(node, "denominatorSumSquares", path + ".denominatorSumSquares"),
                    requiredNumber(node, "denominatorSumProducts", path + ".denominatorSumProducts"));
        }
        Arm.PrePeriod p = pre;
        Arm.Denominator d = den;
        Double cubes = optionalNumber(node, "sumCubes", path + ".sumCubes");
        if (cubes != null && metric != MetricType.MEAN) {
            throw new IllegalArgumentException(path + ".sumCubes is only used for a mean metric");
        }
        return prefixed(path, () -> new Arm(name, stats, p, d, cubes));
    }

    public static SampleRatio.Result srm(JsonNode body) {
        requireObject(body, "request body");
        requireKnownFields(body, "srm", "");
        long[] observed = longs(body, "observed");
        double[] weights = doubles(body, "weights");
        return SampleRatio.test(observed, weights);
    }

    public static Power.Result power(JsonNode body) {
        requireObject(body, "request body");
        requireKnownFields(body, "power", "");
        long treatments = body.has("treatments") ? integer(body, "treatments", "treatments") : 2;
        if (treatments > 1000) {
            throw new IllegalArgumentException("treatments must be <= 1000, got " + treatments);
        }
        Power.Request request = new Power.Request(requiredNumber(body, "baseline", "baseline"),
                requiredNumber(body, "relativeEffect", "relativeEffect"),
                number(body, "alpha", "alpha", 0.05), number(body, "power", "power", 0.8), (int) treatments,
                optionalNumber(body, "standardDeviation", "standardDeviation"),
                optionalNumber(body, "unitsPerDay", "unitsPerDay"), powerTest(body),
                number(body, "sequentialTuning", "sequentialTuning", ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING));
        return Power.sampleSize(request);
    }

    /** The test the plan is for: frequentist (fixed horizon, default) or sequential. */
    private static TestType powerTest(JsonNode body) {
        TestType test = TestType.parse("test", text(body, "test", "frequentist"));
        if (test != TestType.SEQUENTIAL && test != TestType.FREQUENTIST) {
            // Answering a frequentist plan to a request for another test would be the silent default the API refuses.
            throw new IllegalArgumentException("test: a sample size is planned for a frequentist or a sequential test, got "
                    + test.name().toLowerCase(java.util.Locale.ROOT) + " (plan it as frequentist: a bayesian test decides on the same data)");
        }
        return test;
    }

    private static <T> T prefixed(String path, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + e.getMessage(), e);
        }
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new MalformedRequest(what + " must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new MalformedRequest(field + " must be a string, got " + v);
        }
        return v.asText();
    }

    private static Double optionalNumber(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new MalformedRequest(path + " must be a number, got " + v);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(path + " must be a finite number, got " + v);
        }
        return d;
    }

    private static double requiredNumber(JsonNode node, String field, String path) {
        Double d = optionalNumber(node, field, path);
        if (d == null) {
            throw new IllegalArgumentException(path + " is required");
        }
        return d;
    }

    private static double number(JsonNode node, String field, String path, double fallback) {
        Double d = optionalNumber(node, field, path);
        return d == null ? fallback : d;
    }

    private static long integer(JsonNode node, String field, String path) {
        double d = requiredNumber(node, field, path);
        if (d != Math.rint(d) || Math.abs(d) > 1e15) {
            throw new MalformedRequest(path + " must be a whole number, got " + node.get(field));
        }
        return (long) d;
    }

    private static JsonNode array(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (!v.isArray()) {
            throw new MalformedRequest(field + " must be an array, got " + v.getNodeType().name().toLowerCase());
        }
        if (v.size() > 10_000) {
            throw new IllegalArgumentException(field + " must have at most 10000 entries, got " + v.size());
        }
        return v;
    }

    private static long[] longs(JsonNode body, String field) {
        JsonNode v = array(body, field);
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            String path = field + "[" + i + "]";
            if (!e.isNumber() || e.asDouble() != Math.rint(e.asDouble())) {
                throw new MalformedRequest(path + " must be a whole number, got " + e);
            }
            // Counts of units: past 1e15 a long wraps or a sum of them overflows; no experiment has that many.
            if (Math.abs(e.asDouble()) > MAX_COUNT) {
                throw new IllegalArgumentException(path + " must be at most 1e15, got " + e);
            }
            out[i] = e.asLong();
        }
        return out;
    }

    private static double[] doubles(JsonNode body, String field) {
        JsonNode v = array(body, field);
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber()) {
                throw new MalformedRequest(field + "[" + i + "] must be a number, got " + e);
            }
            if (Math.abs(e.asDouble()) > MAX_COUNT) { // weights are shares: their sum must stay finite and exact enough
                throw new IllegalArgumentException(field + "[" + i + "] must be at most 1e15, got " + e);
            }
            out[i] = e.asDouble();
        }
        return out;
    }
}
