package io.recolab.auth;

import io.recolab.domain.DomainError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords hashed with Argon2id (RFC 9106) by Bouncy Castle, stored as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}) that carry their own parameters, so that
 * the parameters can be raised later: {@link #needsRehash} tells when a stored hash is weaker
 * than today's and sign-in then stores a fresh one.
 *
 * <p>Defaults follow OWASP's Password Storage Cheat Sheet: 19 MiB of memory, 2 passes,
 * parallelism 1, a 16-byte random salt and a 32-byte tag. Each hash holds its memory while it
 * runs, so at most {@code concurrency} hashes run at once: a burst of sign-ins queues instead of
 * exhausting the heap.
 */
public final class PasswordHasher {
    /** Memory in KiB, passes (iterations) and lanes. */
    public record Params(int memoryKiB, int iterations, int parallelism) {
        public static final Params OWASP = new Params(19 * 1024, 2, 1);

        public Params {
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("parallelism must be 1..16, got " + parallelism);
            }
            if (iterations < 1 || iterations > 100) {
                throw new IllegalArgumentException("iterations must be 1..100, got " + iterations);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
                throw new IllegalArgumentException("memory must be 8*parallelism KiB .. 4 GiB, got " + memoryKiB + " KiB");
            }
        }
    }

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final int SALT_BYTES = 16;
    private static final int TAG_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Params params;
    private final Semaphore running;
    /** A hash of a password nobody knows: unknown users are checked against it (no timing oracle). */
    private final String dummy;

    public PasswordHasher(Params params, int concurrency) {
        this.params = params;
        this.running = new Semaphore(Math.max(1, concurrency), true);
        this.dummy = hash(Secrets.newSecret(""));
    }

    public static PasswordHasher defaults() {
        return new PasswordHasher(Params.OWASP, Runtime.getRuntime().availableProcessors());
    }

    public String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] tag = argon2(password, salt, params, TAG_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(tag);
    }

    /** True if {@code password} matches {@code stored}; false for a wrong password or an unreadable hash. */
    public boolean verify(String password, String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        if (m == null || !m.matches()) {
            // Same work as a real check, so an unreadable row is not told apart by time either.
            verify(password, dummy);
            return false;
        }
        Params p;
        byte[] salt;
        byte[] expected;
        try {
            p = new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            salt = B64D.decode(m.group(4));
            expected = B64D.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = argon2(password, salt, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of a real check and says no: for a user that does not exist. */
    public boolean verifyAgainstDummy(String password) {
        verify(password, dummy);
        return false;
    }

    /** True if {@code stored} was made with other parameters than today's (or cannot be read). */
    public boolean needsRehash(String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        if (m == null || !m.matches()) {
            return true;
        }
        return Integer.parseInt(m.group(1)) != params.memoryKiB() || Integer.parseInt(m.group(2)) != params.iterations()
                || Integer.parseInt(m.group(3)) != params.parallelism();
    }

    public Params params() {
        return params;
    }

    private byte[] argon2(String password, byte[] salt, Params p, int length) {
        // NFC first: the same password typed on two keyboards may arrive composed or decomposed.
        byte[] secret = Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        acquire();
        try {
            generator.generateBytes(secret, out);
        } finally {
            running.release();
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    private void acquire() {
        try {
            if (!running.tryAcquire(30, TimeUnit.SECONDS)) {
                throw DomainError.unavailable("too many password checks at once; retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainError.unavailable("interrupted while waiting to check a password");
        }
    }
}
