package io.recolab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** Cheap parameters for the round trips; the OWASP defaults are checked once below. */
    private final PasswordHasher cheap = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 2);

    @Test
    void acceptsHashesMadeByTheReferenceImplementation() {
        // Made with the reference argon2 CLI (Debian package argon2 0~20171227):
        // echo -n "correct horse battery staple" | argon2 recolab-golden-salt -id -t 2 -k 19456 -p 1 -l 32 -e
        String owasp = "$argon2id$v=19$m=19456,t=2,p=1$cmVjb2xhYi1nb2xkZW4tc2FsdA$CoSLaFXpl3UG1p1t8z7+VDA9WlXH1Q9E3hl6MQSdlHI";
        assertThat(cheap.verify("correct horse battery staple", owasp)).isTrue();
        assertThat(cheap.verify("correct horse battery stapl", owasp)).isFalse();
        // echo -n "pässwörd ünïcode 12" | argon2 saltsaltsalt1234 -id -t 1 -k 1024 -p 2 -l 32 -e  (UTF-8, NFC)
        String unicode = "$argon2id$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0MTIzNA$cRdzXDJYY1CjEUqXnU7jAYEE5eDhra8m8D3x68AN4zM";
        assertThat(cheap.verify("p\u00e4ssw\u00f6rd \u00fcn\u00efcode 12", unicode)).isTrue();
        // The same password typed decomposed (a + combining diaeresis) is the same password.
        assertThat(cheap.verify("pa\u0308ssw\u00f6rd \u00fcn\u00efcode 12", unicode)).isTrue();
    }

    @Test
    void defaultsAreOwaspsAndRoundTrip() {
        PasswordHasher owasp = new PasswordHasher(PasswordHasher.Params.OWASP, 1);
        String hash = owasp.hash("a long enough password");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(owasp.verify("a long enough password", hash)).isTrue();
        assertThat(owasp.verify("a long enough passworD", hash)).isFalse();
        assertThat(owasp.needsRehash(hash)).isFalse();
    }

    @Test
    void saltsAreFreshAndTheStringCarriesNoPassword() {
        String a = cheap.hash("same password here");
        String b = cheap.hash("same password here");
        assertThat(a).isNotEqualTo(b).doesNotContain("same password");
        assertThat(cheap.verify("same password here", a)).isTrue();
        assertThat(cheap.verify("same password here", b)).isTrue();
        assertThat(a.split("\\$")).hasSize(6);
    }

    @Test
    void weakerOrUnreadableHashesNeedARehash() {
        String cheapHash = cheap.hash("some password 1");
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Params(2048, 1, 1), 1);
        assertThat(stronger.needsRehash(cheapHash)).isTrue();
        assertThat(cheap.needsRehash(cheapHash)).isFalse();
        assertThat(cheap.needsRehash("$2a$10$bcryptlookingstuff")).isTrue();
        // Still verifiable with its own parameters after the defaults changed.
        assertThat(stronger.verify("some password 1", cheapHash)).isTrue();
    }

    @Test
    void unreadableStoredHashesNeverMatch() {
        assertThat(cheap.verify("x", null)).isFalse();
        assertThat(cheap.verify("x", "")).isFalse();
        assertThat(cheap.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(cheap.verify("x", "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(cheap.verifyAgainstDummy("anything at all")).isFalse();
    }

    @Test
    void passwordPolicyCountsCharactersNotBytes() {
        PasswordPolicy.check("twelve chars", "alice");
        PasswordPolicy.check("\u00e4".repeat(12), "alice");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordPolicy.check("short", "alice"))
                .hasMessageContaining("12..256").hasMessageNotContaining("short");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordPolicy.check("x".repeat(257), "alice"))
                .hasMessageContaining("got 257");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordPolicy.check("            ", "alice"))
                .hasMessageContaining("spaces");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordPolicy.check("Alice.Smith.1", "alice.smith.1"))
                .hasMessageContaining("username");
    }
}
