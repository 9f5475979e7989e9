package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tls-cert/--tls-key}: HTTPS only, with a self-signed certificate the test makes
 * with the JDK's keytool (no checked-in key), exported to the PEM files the server reads.
 */
class TlsTest {
    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void servesHttpsOnlyWithTheGivenCertificate() throws Exception {
        KeyStore store = selfSigned(tmp);
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("recolab").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey("recolab", PASSWORD).getEncoded()));
        try (TestServer server = TestServer.protectedBy(ServerOptions.DEFAULTS.withTls(cert, key), Stores.Kind.H2,
                tmp.resolve("data"), null)) {
            assertThat(server.app().serverOptions().tls()).isTrue();
            assertThat(server.baseUrl()).startsWith("https://");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(store.getCertificate("recolab")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> authed = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/recommenders"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authed.statusCode()).isEqualTo(200);

            // A client that does not trust the certificate is refused during the handshake...
            HttpClient plainTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plainTrust.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            // ...and plain HTTP on the same port gets no answer.
            String plain = server.baseUrl().replace("https://", "http://") + "/api/v1/health";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            boolean answered;
            try {
                answered = http.send(HttpRequest.newBuilder(URI.create(plain)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                answered = false;
            }
            assertThat(answered).as("plain HTTP answered on the TLS port").isFalse();
        }
    }

    @Test
    void plainHttpWithoutACertificate() {
        assertThat(ServerOptions.DEFAULTS.tls()).isFalse();
        assertThatThrownBy(() -> ServerOptions.DEFAULTS.withTls(tmp.resolve("cert.pem"), null))
                .hasMessageContaining("both a certificate and a key");
    }

    /** A fresh RSA key pair and self-signed certificate for 127.0.0.1, made by keytool. */
    static KeyStore selfSigned(Path dir) throws Exception {
        Path file = dir.resolve("test.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "recolab", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static SSLContext trusting(Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("recolab", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
