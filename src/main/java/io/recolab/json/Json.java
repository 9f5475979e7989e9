package io.recolab.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.recolab.domain.DomainError;
import io.recolab.domain.Text;
import java.util.Iterator;
import java.util.Map;

/** The one Jackson configuration of the project: records in and out, bounded input. */
public final class Json {
    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper();
        // Hostile input: deep nesting and huge strings are refused by the parser itself.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
        // {"id":"a","id":"b"} means whatever the reader's last-wins rule makes of it: a client's mistake
        // that would be stored silently as one of the two, so it is refused (400) like any malformed JSON.
        mapper.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }

    /**
     * Parses a request body (or a definition file); malformed JSON is the caller's error (400), not
     * ours, and so is a string anywhere in it that is not well-formed text ({@link Text}): checked
     * here once, so every field of every route is covered, and named by its path.
     */
    public static JsonNode parse(String body) {
        JsonNode node = read(body);
        wellFormed(node, "");
        return node;
    }

    /** Parses JSON this program wrote itself (stored definitions, audit details, its answers): no text rule to apply. */
    public static JsonNode readOwn(String json) {
        return read(json);
    }

    private static void wellFormed(JsonNode node, String path) {
        if (node.isTextual()) {
            Text.requireWellFormed(path.isEmpty() ? "body" : path, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                wellFormed(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String problem = Text.malformation(field.getKey());
                if (problem != null) {
                    throw DomainError.invalid("a field name " + problem);
                }
                wellFormed(field.getValue(), name);
            }
        }
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw DomainError.invalid("request body is empty; expected a JSON object");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw DomainError.invalid("malformed JSON" + where(e) + ": "
                    // Jackson names its (hidden) source inside some messages; the caller knows its body.
                    + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "["));
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
