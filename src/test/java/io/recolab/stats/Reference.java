package io.recolab.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads src/test/resources/stats/reference.json, written by make_reference.py beside it. */
final class Reference {
    static final JsonNode ROOT = load();

    private Reference() {
    }

    private static JsonNode load() {
        try (InputStream in = Reference.class.getResourceAsStream("/stats/reference.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode get(String name) {
        return ROOT.get(name);
    }

    static Arm arm(String name, JsonNode node) {
        double sum = node.get("sum").asDouble();
        SufficientStats stats = new SufficientStats(node.get("n").asLong(), sum,
                node.has("sumSquares") ? node.get("sumSquares").asDouble() : sum);
        Arm.PrePeriod pre = node.has("preSum") ? new Arm.PrePeriod(node.get("preSum").asDouble(),
                node.get("preSumSquares").asDouble(), node.get("sumProducts").asDouble()) : null;
        Arm.Denominator den = node.has("denominatorSum") ? new Arm.Denominator(node.get("denominatorSum").asDouble(),
                node.get("denominatorSumSquares").asDouble(), node.get("denominatorSumProducts").asDouble()) : null;
        return new Arm(name, stats, pre, den);
    }
}
