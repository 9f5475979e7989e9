package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input at every route the OpenAPI document describes (so routes added later are attacked
 * too): wrong methods, missing or garbage credentials, path traversal, SQL, markup, NUL and
 * control characters and huge strings in path and query parameters, and malformed, deeply nested,
 * oversized, wrongly typed or invalid-id bodies. Every answer must be a 4xx with a JSON
 * {@code {"error": "..."}} and no stack trace, and the store must be exactly as it was (row counts
 * and an order-independent checksum of every table). Runs against H2 and, where reachable,
 * PostgreSQL; the number of tries is bounded so that it stays fast enough for CI.
 */
class HostileInputFuzzTest {
    /** Tables whose rows a rejected request may legitimately add (an audit trail of refusals, sign-in throttling). */
    static final Pattern BOOKKEEPING = Pattern.compile("(?i).*(audit|session|flyway|sign_?in|login|throttl).*");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String RUNNING = "fuzz";

    static List<Target> targets = new ArrayList<>();
    static List<Op> ops;
    static Path tmp;

    /** An operation of the OpenAPI document. */
    record Op(String method, String path, List<String> pathParams, List<String> queryParams, JsonNode bodySchema,
              boolean secured, boolean requiresQuery, JsonNode example) {
    }

    /** A server under attack, the JDBC URL of its store, and the store's state before the attacks. */
    record Target(String name, TestServer server, String jdbcUrl, Map<String, String> before, io.recolab.testing.Person person) {
    }

    /** One hostile request, and what it is meant to try. */
    record Attack(String kind, String method, String path, String body, String authorization, boolean mayFindNothing) {
        Attack(String kind, String method, String path, String body, String authorization) {
            this(kind, method, path, body, authorization, false);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body;
            return kind + ": " + method + " " + (path.length() > 300 ? path.substring(0, 300) + "..." : path) + " " + shown
                    + (authorization == null ? " (no auth)" : "");
        }
    }

    @BeforeContainer
    static void start() throws IOException {
        ops = operations();
        tmp = Files.createTempDirectory("recolab-fuzz");
        add("h2", Stores.Kind.H2);
        if (Stores.postgresReachable()) {
            add("postgresql", Stores.Kind.POSTGRESQL);
        } else {
            System.err.println("HostileInputFuzzTest: PostgreSQL is not reachable at " + Stores.PG_BASE + "; H2 only");
        }
    }

    private static void add(String name, Stores.Kind kind) {
        TestServer server = TestServer.protectedBy(ServerOptions.DEFAULTS.withRateLimit(0, 1), kind,
                TestServer.emptyDir(tmp, name), null);
        // Something to attack: a running experiment, so that requests naming it get past the lookup.
        var created = server.post("/api/v1/experiments", """
                {"key":"fuzz","unit":"customer","exposurePercent":100,
                 "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                               {"name":"T1","weight":50,"recommender":"item-to-item"}],
                 "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/fuzz/start", null).status()).isEqualTo(200);
        // Someone signed in, for the calls that only a person's session may make (a password change).
        io.recolab.testing.Person.create(server, "fuzzer", "viewer", "correct horse battery staple");
        var person = io.recolab.testing.Person.signIn(server, "fuzzer", "correct horse battery staple");
        String url = server.jdbcUrl() != null ? server.jdbcUrl() : Database.h2Url(tmp.resolve(name));
        targets.add(new Target(name, server, url, snapshot(url), person));
    }

    @AfterContainer
    static void stop() {
        for (Target t : targets) {
            t.server().close();
        }
        targets.clear();
    }

    @Property(tries = 200)
    void hostileRequestsGetA4xxJsonErrorAndLeaveTheStoreAlone(@ForAll("attacks") Attack attack) {
        net.jqwik.api.statistics.Statistics.collect(attack.kind());
        for (Target target : targets) {
            HttpResponse<String> response = send(target.server(), attack);
            String where = target.name() + " " + attack + " -> " + response.statusCode() + " " + response.body();
            assertThat(response.headers().firstValue("content-type").orElse("")).as(where).startsWith("application/json");
            JsonNode body = Json.parse(response.body());
            if (attack.mayFindNothing() && response.statusCode() == 200) {
                // A search whose optional filters match nothing: a fine answer, if it changed nothing.
                assertThat(response.body()).as(where).doesNotContain("Exception", "\tat ");
            } else {
                assertThat(response.statusCode()).as(where).isBetween(400, 499);
                assertThat(body.path("error").isTextual()).as(where).isTrue();
            }
            assertThat(response.body()).as(where).doesNotContain("Exception", "\tat ", "at io.", "at java.", "org.h2", "postgresql");
            assertThat(snapshot(target.jdbcUrl())).as("store changed by " + where).isEqualTo(target.before());
        }
    }

    /** A string in an example body: where it is, the name of its field, and whether it is a point in time. */
    record Field(String path, String pointer, String name, boolean time) {
    }

    /** Out of 1970..9999, each of them; ISO-8601 reads them all, and PostgreSQL stored none (H2 stored some). */
    static final List<String> OUT_OF_RANGE_TIMES = List.of("+999999-01-01T00:00:00Z", "-000001-01-01T00:00:00Z",
            "0000-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-999999-12-31T00:00:00+18:00");

    /**
     * Every string field of every operation's example body (the OpenAPI document has one for each
     * body), spoiled one at a time with an unpaired surrogate either way, U+FFFD and a byte that is
     * no UTF-8, and every time field set out of range: each must be refused naming that field, and
     * no store may change. Exhaustive, not sampled, so that no field is missed; the examples point
     * at the running experiment so that the refusal is the spoiled field's and nothing else's.
     */
    @net.jqwik.api.Example
    void malformedTextAndOutOfRangeTimesAreRefusedInEveryFieldByName() {
        List<Op> withBody = ops.stream().filter(op -> op.bodySchema() != null).toList();
        assertThat(withBody.stream().filter(op -> op.example() == null).map(op -> op.method() + " " + op.path()).toList())
                .as("operations whose request body has no example in the OpenAPI document").isEmpty();
        int spoiled = 0;
        int timeFields = 0;
        for (Op op : withBody) {
            JsonNode example = pointedAtRunning(op.example());
            List<Field> fields = new ArrayList<>();
            fields(example, op.bodySchema(), "", "", "", fields);
            for (Field field : fields) {
                List<String> values = new ArrayList<>();
                String ok = example.at(field.pointer()).textValue();
                values.addAll(List.of(ok + "\ud83d", "\udc00" + ok, ok + "\ufffd", ok + INVALID_UTF8));
                if (field.time()) {
                    values.addAll(OUT_OF_RANGE_TIMES);
                    timeFields++;
                }
                for (String value : values) {
                    JsonNode body = example.deepCopy();
                    set(body, field.pointer(), value);
                    Attack attack = new Attack("spoiled " + field.path(), op.method(), fill(op.path(), RUNNING, false),
                            write(body), bearer());
                    for (Target target : targets) {
                        HttpResponse<String> response = bySession(op) ? sendAs(target.person(), attack) : send(target.server(), attack);
                        String where = target.name() + " " + attack + " -> " + response.statusCode() + " " + response.body();
                        assertThat(response.statusCode()).as(where).isIn(400, 422);
                        assertThat(response.headers().firstValue("content-type").orElse("")).as(where).startsWith("application/json");
                        assertThat(Json.parse(response.body()).path("error").asText()).as(where).contains(field.name());
                        spoiled++;
                    }
                }
            }
            for (Target target : targets) {
                assertThat(snapshot(target.jdbcUrl())).as("store changed by spoiled bodies of " + op.method() + " " + op.path())
                        .isEqualTo(target.before());
            }
        }
        assertThat(timeFields).as("time fields among the examples (events, interactions, keys)").isGreaterThanOrEqualTo(3);
        assertThat(spoiled).isGreaterThan(100);
    }

    /** Calls on one's own session (other than signing in) take a person's cookie, not a key. */
    private static boolean bySession(Op op) {
        return op.path().startsWith("/api/v1/session") && !op.method().equals("POST");
    }

    private static HttpResponse<String> sendAs(io.recolab.testing.Person person, Attack attack) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(person.server().baseUrl() + attack.path()))
                .timeout(Duration.ofSeconds(30)).method(attack.method(), HttpRequest.BodyPublishers.ofByteArray(bytes(attack.body())))
                .header("Content-Type", "application/json")
                .header("Cookie", io.recolab.testing.Person.COOKIE + "=" + person.cookie())
                .header("X-CSRF-Token", person.csrfToken()).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(attack.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The examples name the contract's experiment; here they name the running one. */
    private static JsonNode pointedAtRunning(JsonNode example) {
        return Json.parse(Json.write(example).replace("\"homepage-recs\"", "\"" + RUNNING + "\""));
    }

    private static void fields(JsonNode value, JsonNode schema, String path, String pointer, String name, List<Field> out) {
        JsonNode s = resolve(schema);
        if (s.has("oneOf")) {
            s = resolve(s.get("oneOf").get(0));
        }
        if (value.isTextual()) {
            out.add(new Field(path, pointer, name, "date-time".equals(s.path("format").asText())));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                fields(value.get(i), s.path("items"), path + "[" + i + "]", pointer + "/" + i, name, out);
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields(e.getValue(), s.path("properties").path(e.getKey()), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                        pointer + "/" + e.getKey(), e.getKey(), out);
            }
        }
    }

    private static void set(JsonNode root, String pointer, String value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), JsonNodeFactory.instance.textNode(value));
        } else {
            ((ObjectNode) parent).put(last, value);
        }
    }

    @Provide
    Arbitrary<Attack> attacks() {
        // Bodies have the most ways to be wrong, so they get the most tries.
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, wrongMethod()), net.jqwik.api.Tuple.of(1, badCredentials()),
                net.jqwik.api.Tuple.of(2, hostilePath()), net.jqwik.api.Tuple.of(2, hostileQuery()),
                net.jqwik.api.Tuple.of(4, hostileBody()));
    }

    private Arbitrary<Attack> wrongMethod() {
        Map<String, Set<String>> methodsByPath = new TreeMap<>();
        for (Op op : ops) {
            methodsByPath.computeIfAbsent(op.path(), p -> new java.util.TreeSet<>()).add(op.method());
        }
        List<Map.Entry<String, Set<String>>> paths = new ArrayList<>(methodsByPath.entrySet());
        return Combinators.combine(Arbitraries.of(paths), Arbitraries.of(METHODS), hostileStrings())
                .filter((p, m, h) -> !p.getValue().contains(m))
                .as((p, m, h) -> new Attack("wrong method", m, fill(p.getKey(), h, true), null, bearer()));
    }

    private Arbitrary<Attack> badCredentials() {
        List<Op> secured = ops.stream().filter(Op::secured).toList();
        Arbitrary<String> credentials = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.of("Bearer ", "Bearer wrong-key", "Basic YWRtaW46YWRtaW4=", "bearer", "Bearer ' OR '1'='1",
                        "Bearer " + "k".repeat(5000), "Token " + TestServer.ADMIN_KEY, TestServer.ADMIN_KEY,
                        "Bearer " + TestServer.ADMIN_KEY + "x"),
                Arbitraries.strings().ascii().ofMaxLength(60).map(s -> s.replaceAll("[^\\x20-\\x7e]", "")));
        return Combinators.combine(Arbitraries.of(secured), credentials, bodies())
                .as((op, auth, body) -> new Attack("bad credentials", op.method(), fill(op.path(), RUNNING, false),
                        op.bodySchema() == null ? null : body.apply(op), auth));
    }

    private Arbitrary<Attack> hostilePath() {
        List<Op> withParams = ops.stream().filter(op -> !op.pathParams().isEmpty()).toList();
        return Combinators.combine(Arbitraries.of(withParams), hostileStrings())
                .as((op, h) -> new Attack("hostile path parameter", op.method(), fill(op.path(), h, true),
                        op.bodySchema() == null ? null : "{}", bearer()));
    }

    private Arbitrary<Attack> hostileQuery() {
        List<Op> withQuery = ops.stream().filter(op -> op.secured() && !op.queryParams().isEmpty()).toList();
        // Each value is hostile text made invalid (a control character, or too long): a unit id
        // such as "' OR 1=1 --" alone is a legitimate id and is rightly served.
        Arbitrary<String> spoilers = Arbitraries.of("\u0000", "\u0001", "\n", "\u001b", "x".repeat(7000), "\ufffd");
        return Combinators.combine(Arbitraries.of(withQuery), hostileStrings(), hostileStrings(), spoilers)
                .as((op, h, h2, spoil) -> {
                    StringBuilder query = new StringBuilder();
                    for (int i = 0; i < op.queryParams().size(); i++) {
                        query.append(i == 0 ? "?" : "&").append(op.queryParams().get(i)).append('=')
                                .append(encode((i % 2 == 0 ? h : h2) + spoil));
                    }
                    return new Attack("hostile query", op.method(), fill(op.path(), RUNNING, false) + query, null, bearer(),
                            op.method().equals("GET") && !op.requiresQuery());
                });
    }

    private Arbitrary<Attack> hostileBody() {
        List<Op> withBody = ops.stream().filter(op -> op.bodySchema() != null).toList();
        return Combinators.combine(Arbitraries.of(withBody), bodies())
                .as((op, body) -> new Attack("hostile body", op.method(), fill(op.path(), RUNNING, false), body.apply(op),
                        bearer()));
    }

    private static String bearer() {
        return "Bearer " + TestServer.ADMIN_KEY;
    }

    /** Bodies that no route may accept: each is malformed, too big, too deep, mistyped, or carries invalid ids. */
    private Arbitrary<java.util.function.Function<Op, String>> bodies() {
        Arbitrary<java.util.function.Function<Op, String>> fixed = Arbitraries.of(
                "", "   ", "{", "}", "{\"a\":", "[1,2", "{\"events\":[{]}", "nul", "tru", "\"unterminated", "{'single':'quotes'}",
                "{\"a\":1,}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e999999}", "{\"a\":\"\\ud800\"}x",
                "<xml/>", "\u0000", "{\"a\":1}{\"b\":2}", "[]", "[{}]", "0", "-1", "\"text\"", "null", "true",
                "{\"__proto__\":{\"admin\":true}}", "{\"a\":" + "9".repeat(5000) + "}",
                "{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}",
                "[".repeat(10_000) + "]".repeat(10_000),
                "{\"a\":".repeat(200) + "1" + "}".repeat(200)).map(s -> op -> s);
        Arbitrary<java.util.function.Function<Op, String>> mistyped = Arbitraries.integers().between(0, 1_000_000)
                .map(seed -> op -> write(mistyped(resolve(op.bodySchema()), new java.util.Random(seed))));
        Arbitrary<java.util.function.Function<Op, String>> invalidIds = invalidIds()
                .map(bad -> op -> write(filled(resolve(op.bodySchema()), bad, 0)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, fixed), net.jqwik.api.Tuple.of(4, mistyped), net.jqwik.api.Tuple.of(3, invalidIds));
    }

    /**
     * Strings no id may be: empty, control characters, NUL, line breaks, far too long, an unpaired
     * surrogate, U+FFFD, or bytes that are no UTF-8 ({@link #INVALID_UTF8}).
     */
    private static Arbitrary<String> invalidIds() {
        return Arbitraries.of("", "\u0000", "a\u0000b", "tab\there", "line\nbreak", "\r\n", "\u001b[31m", "\u007f",
                "x".repeat(70_000), "\u0000' OR 1=1 --", "../\u0000/etc/passwd", "sur-\ud83d", "\udc00x", "mu\ud800",
                "\ufffd", "raw-" + INVALID_UTF8);
    }

    /**
     * Stands for a byte that is no UTF-8 (0xFF): a Java string cannot hold one, so {@link #send}
     * puts the byte where this private-use character's JSON escape is.
     */
    static final String INVALID_UTF8 = "\ue000";
    private static final byte[] INVALID_UTF8_ESCAPE = "\\ue000".getBytes(StandardCharsets.US_ASCII);
    /** Every non-ASCII character escaped: an unpaired surrogate reaches the server as the client sent it. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ESCAPING = Json.MAPPER.writer()
            .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);

    static String write(JsonNode node) {
        try {
            return ESCAPING.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as UTF-8, with each escaped {@link #INVALID_UTF8} replaced by the raw byte 0xFF. */
    static byte[] bytes(String body) {
        byte[] in = body.replace("\\uE000", "\\ue000").getBytes(StandardCharsets.UTF_8); // Jackson writes upper-case hex
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (java.util.Arrays.equals(in, i, Math.min(in.length, i + INVALID_UTF8_ESCAPE.length), INVALID_UTF8_ESCAPE, 0,
                    INVALID_UTF8_ESCAPE.length)) {
                out.write(0xFF);
                i += INVALID_UTF8_ESCAPE.length - 1;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    /** An object of the schema's shape in which every required field (or, without any, an unknown one) has the wrong kind. */
    private static JsonNode mistyped(JsonNode schema, java.util.Random random) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode properties = schema.path("properties");
        JsonNode required = schema.path("required");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        List<String> mustBreak = new ArrayList<>();
        required.forEach(r -> mustBreak.add(r.asText()));
        for (String name : names) {
            JsonNode p = resolve(properties.get(name));
            if (mustBreak.contains(name) || random.nextBoolean()) {
                out.set(name, wrongKind(p.path("type").asText(""), random));
            } else {
                out.set(name, filled(p, "ok", 1));
            }
        }
        if (mustBreak.isEmpty()) {
            String[] names2 = {"\u0000", "'; DROP TABLE events; --", "<script>", "__proto__", "x".repeat(300)};
            out.set(names2[random.nextInt(names2.length)], wrongKind("", random));
        }
        return out;
    }

    private static JsonNode wrongKind(String type, java.util.Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> candidates = new ArrayList<>(List.of(f.objectNode().put("$gt", ""), f.arrayNode().add(f.arrayNode()),
                f.booleanNode(true), f.numberNode(1e308), f.numberNode(-0.0), f.textNode("1e999"), f.textNode("NaN"),
                f.textNode("\u0000")));
        candidates.removeIf(c -> kindOf(c).equals(type) || ("number".equals(type) && c.isNumber())
                || ("integer".equals(type) && c.isNumber()));
        if (!"null".equals(type)) {
            candidates.add(f.nullNode());
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static String kindOf(JsonNode n) {
        return n.isObject() ? "object" : n.isArray() ? "array" : n.isBoolean() ? "boolean" : n.isNumber() ? "number" : "string";
    }

    /** A value of the schema's shape whose every string is the given one. */
    private static JsonNode filled(JsonNode schema, String string, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        schema = resolve(schema);
        if (schema.has("oneOf")) {
            return filled(schema.get("oneOf").get(0), string, depth);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode o = f.objectNode();
                if (depth < 4) {
                    schema.path("properties").fields().forEachRemaining(e -> o.set(e.getKey(), filled(e.getValue(), string, depth + 1)));
                }
                if (o.isEmpty()) {
                    o.put(string.isEmpty() ? "\u0000" : string, string);
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = f.arrayNode();
                a.add(filled(schema.path("items"), string, depth + 1));
                return a;
            }
            case "number", "integer" -> {
                return f.numberNode(1);
            }
            case "boolean" -> {
                return f.booleanNode(true);
            }
            default -> {
                return f.textNode(string);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s != null && s.has("$ref")) {
            String ref = s.get("$ref").asText();
            s = DOC.at(ref.substring(1));
        }
        return s == null ? JsonNodeFactory.instance.objectNode() : s;
    }

    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("..", "../../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f", "/", "//", "\\..\\..\\",
                        "%00", "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\r\nX-Injected: 1", "\u007f",
                        "' OR '1'='1", "'; DROP TABLE experiments; --", "\" OR 1=1 --", "1; SELECT pg_sleep(10)",
                        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "${jndi:ldap://x/a}", "{{7*7}}",
                        "%s%s%s%n", "\u202egnp.exe", "\ud800", "\uffff", "😀".repeat(50), "null", "undefined", "NaN",
                        "-1", "0", "1e309", "99999999999999999999999999", " ", "", "x".repeat(9000), "ü".repeat(3000),
                        "START", "Fuzz", "fuzz/../fuzz"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40));
    }

    /** The path with each {param} replaced: with the hostile value, or {key} with the running experiment. */
    private static String fill(String template, String hostile, boolean keyHostileToo) {
        Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean isKey = m.group(1).equals("key");
            String value = isKey && !keyHostileToo ? RUNNING : hostile;
            if (value.isEmpty()) {
                value = " "; // an empty segment would name another route (/experiments/ is the list)
            }
            // A value that is itself a valid action must not act on the running experiment.
            if (!isKey && value.matches("(?i)start|pause|stop|resume")) {
                value = value + "!";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(TestServer server, Attack attack) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(server.baseUrl() + attack.path())).timeout(Duration.ofSeconds(30))
                    .method(attack.method(), attack.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes(attack.body())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the fuzzer built an invalid URI: " + attack, e);
        }
        if (attack.authorization() != null) {
            request.header("Authorization", attack.authorization());
        }
        if (attack.body() != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(attack.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final JsonNode DOC = readDocument();

    private static JsonNode readDocument() {
        try (InputStream in = HostileInputFuzzTest.class.getResourceAsStream(OpenApiRoute.RESOURCE)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Op> operations() {
        boolean securedByDefault = DOC.path("security").size() > 0;
        List<Op> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = DOC.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<JsonNode> shared = new ArrayList<>();
            path.getValue().path("parameters").forEach(shared::add);
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey().toUpperCase(Locale.ROOT))) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<JsonNode> params = new ArrayList<>(shared);
                op.path("parameters").forEach(params::add);
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                boolean requiresQuery = false;
                for (JsonNode p : params) {
                    p = resolve(p);
                    if ("path".equals(p.path("in").asText())) {
                        pathParams.add(p.get("name").asText());
                    } else if ("query".equals(p.path("in").asText())) {
                        queryParams.add(p.get("name").asText());
                        requiresQuery |= p.path("required").asBoolean(false);
                    }
                }
                JsonNode media = op.path("requestBody").path("content").path("application/json");
                JsonNode schema = media.path("schema");
                boolean secured = op.has("security") ? op.get("security").size() > 0 : securedByDefault;
                out.add(new Op(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pathParams, queryParams,
                        schema.isMissingNode() ? null : schema, secured, requiresQuery,
                        media.has("example") ? media.get("example") : null));
            }
        }
        assertThat(out).as("operations in the OpenAPI document").hasSizeGreaterThan(10);
        return out;
    }

    /** Row count and an order-independent checksum of each table (bookkeeping tables left out). */
    static Map<String, String> snapshot(String jdbcUrl) {
        Map<String, String> out = new TreeMap<>();
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
        try (Connection c = h2 ? DriverManager.getConnection(jdbcUrl, "sa", "") : DriverManager.getConnection(jdbcUrl)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables in " + jdbcUrl).isNotEmpty();
            for (String table : tables) {
                if (BOOKKEEPING.matcher(table).matches()) {
                    continue;
                }
                long rows = 0;
                long checksum = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + quoted(table))) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('\u0001');
                        }
                        rows++;
                        checksum += row.toString().hashCode() * 0x9E3779B97F4A7C15L;
                    }
                }
                out.put(table.toLowerCase(Locale.ROOT), rows + " rows, checksum " + Long.toHexString(checksum));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + jdbcUrl, e);
        }
        return out;
    }

    private static String quoted(String table) {
        return "\"" + table.replace("\"", "\"\"") + "\"";
    }
}
