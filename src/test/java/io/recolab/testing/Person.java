package io.recolab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/**
 * A person signed in to a test server the way the UI is: the session cookie on every call, the
 * CSRF token on calls that change something.
 */
public record Person(TestServer server, String username, String cookie, String csrfToken) {
    public static final String COOKIE = "recolab_session";

    /** Signs in; fails the test unless the server says 200. */
    public static Person signIn(TestServer server, String username, String password) {
        TestServer.Response r = server.request("POST", "/api/v1/session", credentials(username, password), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Person(server, username, cookieValue(r), r.json().get("csrfToken").asText());
    }

    /** Creates a user with the test server's admin key. */
    public static void create(TestServer server, String username, String role, String password) {
        TestServer.Response r = server.post("/api/v1/users",
                "{\"username\":\"" + username + "\",\"role\":\"" + role + "\",\"password\":\"" + password + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    public static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    /** The session cookie's value from a Set-Cookie answer. */
    public static String cookieValue(TestServer.Response r) {
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).as("Set-Cookie").startsWith(COOKIE + "=");
        return setCookie.substring(COOKIE.length() + 1, setCookie.indexOf(';'));
    }

    public TestServer.Response get(String path) {
        return server.request("GET", path, null, Map.of("Cookie", COOKIE + "=" + cookie));
    }

    /** With the CSRF token, as the UI sends it. */
    public TestServer.Response send(String method, String path, String body) {
        return server.request(method, path, body, Map.of("Cookie", COOKIE + "=" + cookie, "X-CSRF-Token", csrfToken));
    }

    /** With the cookie only (what a forged cross-site request could send), or another token. */
    public TestServer.Response sendWithCsrf(String method, String path, String body, String token) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", COOKIE + "=" + cookie);
        if (token != null) {
            headers.put("X-CSRF-Token", token);
        }
        return server.request(method, path, body, headers);
    }
}
