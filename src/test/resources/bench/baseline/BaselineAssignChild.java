import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.Status;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The plain variant of io.recolab.bench.AssignmentRatio, written against the API of the build before
 * issue 23 (no attributes, no layers), so that ForkedAssignmentRatio can run today's code next to the
 * current build in one run. Run by the single-file source launcher on that build's class path
 * (assign-vs-baseline.sh); speaks ForkedAssignmentRatio's child protocol: prints "ready" after its
 * warm-up, then one rate per line "SECONDS" read from stdin.
 */
public final class BaselineAssignChild {
    private static final int IDS = 1 << 16;
    private static final int CHUNK = 4096;
    private static long sink;

    public static void main(String[] args) throws Exception {
        String[] units = new String[IDS];
        for (int i = 0; i < IDS; i++) {
            units[i] = "customer-" + (i * 7919L);
        }
        String json = "{\"key\":\"homepage-recs\",\"exposurePercent\":100,\"treatments\":["
                + "{\"name\":\"C\",\"weight\":25,\"recommender\":\"item-to-item\"},"
                + "{\"name\":\"T1\",\"weight\":25,\"recommender\":\"bestseller\"},"
                + "{\"name\":\"T2\",\"weight\":25,\"recommender\":\"user-based\"},"
                + "{\"name\":\"T3\",\"weight\":25,\"recommender\":\"autoencoder\"}]}";
        Catalog catalog = new Catalog();
        catalog.put(new Experiment(DefinitionJson.parse(json), Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1,
                Instant.EPOCH, null, null));
        Assignments assignments = new Assignments(catalog);
        for (int w = 0; w < 3; w++) {
            rate(assignments, units, 1_000_000_000L);
        }
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            System.out.println(rate(assignments, units, (long) (Double.parseDouble(line.trim()) * 1e9)));
        }
        System.out.println("(sink " + (sink & 1) + ")");
    }

    private static double rate(Assignments assignments, String[] units, long nanos) {
        long calls = 0;
        int next = 0;
        long acc = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        long now;
        do {
            for (int i = 0; i < CHUNK; i++) {
                Assignment a = assignments.assign("homepage-recs", units[next++ & (IDS - 1)]);
                acc += a.treatment().length();
            }
            calls += CHUNK;
            now = System.nanoTime();
        } while (now < end);
        sink += acc;
        return calls / ((now - start) / 1e9);
    }
}
