package io.recolab.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The two calls the client makes, over the JDK's HTTP client (no other HTTP stack to drag in). */
final class Transport {
    /** @param retryAfterMillis what the server's Retry-After asked for (429, 503), 0 if nothing */
    record Reply(int status, String body, long retryAfterMillis) {
        Reply(int status, String body) {
            this(status, body, 0);
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** Worth trying again later: the server is away, overloaded or failed on its side. */
        boolean retryable() {
            return status == 408 || status == 429 || status >= 500;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    Transport(URI base, String apiKey, Duration timeout) {
        // Appended, not resolved: a server behind a path prefix (https://host/recolab) keeps it.
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.authorization = "Bearer " + apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Reply runningExperiments() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/experiments?status=running")).GET());
    }

    Reply postEvents(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(timeout).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(),
                retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null)));
    }

    /** Retry-After in seconds (the HTTP-date form is not used by recolab and is ignored); capped at a minute. */
    static long retryAfterMillis(String header) {
        if (header == null || !header.trim().matches("\\d{1,9}")) {
            return 0;
        }
        return Math.min(60_000, Long.parseLong(header.trim()) * 1000);
    }
}
