package io.recolab.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.util.Iterator;
import java.util.List;

/**
 * An answer as the README shows it: JSON where {@code ...} stands for any value ({@code "latencyMs":...},
 * {@code [...]}, {@code "rlk_..."}) or, among an object's fields, for more fields ({@code ,...,}).
 * Everything else shown must be in the actual answer as shown, and an object shown without
 * {@code ...} must have no other fields.
 */
final class ShownAnswer {
    static final String ANY = "<any>";
    static final String MORE = "<more>";

    private ShownAnswer() {
    }

    static JsonNode parse(String shown) {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"') {
                int end = shown.indexOf('"', i + 1);
                String string = shown.substring(i, end + 1);
                json.append(string.contains("...") ? "\"" + ANY + "\"" : string);
                i = end;
            } else if (c == '[' && shown.startsWith("...]", i + 1)) {
                json.append("\"" + ANY + "\"");
                i += 4;
            } else if (shown.startsWith("...", i)) {
                char before = json.toString().stripTrailing().charAt(json.toString().stripTrailing().length() - 1);
                json.append(before == ':' ? "\"" + ANY + "\"" : "\"" + MORE + "\":true");
                i += 2;
            } else {
                json.append(c);
            }
        }
        return Json.parse(json.toString());
    }

    /** Adds to {@code problems} every way {@code actual} differs from {@code shown}, at its JSON path. */
    static void match(JsonNode shown, JsonNode actual, String path, List<String> problems) {
        if (shown.isTextual() && ANY.equals(shown.textValue())) {
            return;
        }
        if (shown.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + ": expected an object, got " + actual);
                return;
            }
            for (Iterator<String> names = shown.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (MORE.equals(name)) {
                    continue;
                }
                if (!actual.has(name)) {
                    problems.add(path + "." + name + ": missing");
                } else {
                    match(shown.get(name), actual.get(name), path + "." + name, problems);
                }
            }
            if (!shown.has(MORE)) {
                actual.fieldNames().forEachRemaining(name -> {
                    if (!shown.has(name)) {
                        problems.add(path + "." + name + ": not shown in the README");
                    }
                });
            }
        } else if (shown.isArray()) {
            if (!actual.isArray() || actual.size() != shown.size()) {
                problems.add(path + ": expected " + shown + ", got " + actual);
                return;
            }
            for (int i = 0; i < shown.size(); i++) {
                match(shown.get(i), actual.get(i), path + "[" + i + "]", problems);
            }
        } else if (shown.isNumber()) {
            if (!actual.isNumber() || shown.decimalValue().compareTo(actual.decimalValue()) != 0) {
                problems.add(path + ": expected " + shown + ", got " + actual);
            }
        } else if (!shown.equals(actual)) {
            problems.add(path + ": expected " + shown + ", got " + actual);
        }
    }
}
