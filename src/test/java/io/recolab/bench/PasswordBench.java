package io.recolab.bench;

import io.recolab.auth.PasswordHasher;
import io.recolab.auth.Secrets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a sign-in costs: one Argon2id check with the OWASP parameters (19 MiB, t=2, p=1), and
 * what a bearer-key or session lookup costs in comparison (one SHA-256).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PasswordBench {
    private PasswordHasher hasher;
    private String stored;
    private String token;

    @Setup
    public void setup() {
        hasher = new PasswordHasher(PasswordHasher.Params.OWASP, 1);
        stored = hasher.hash("correct horse battery staple");
        token = Secrets.newSecret("rls_");
    }

    @Benchmark
    public boolean argon2idVerify() {
        return hasher.verify("correct horse battery staple", stored);
    }

    @Benchmark
    public String sha256OfToken() {
        return Secrets.sha256Hex(token);
    }
}
