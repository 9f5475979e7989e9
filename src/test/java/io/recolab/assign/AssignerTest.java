package io.recolab.assign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class AssignerTest {
    private static final int UNITS = 1_000_000;

    /**
     * Language-neutral golden cases, produced by an independent pure-Python MurmurHash3
     * (the generator's algorithm is written out in the file's "algorithm" field). A client in
     * any language must reproduce every line.
     */
    @Test
    void reproducesTheGoldenCases() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/assign/golden-v1.json")) {
            golden = Json.MAPPER.readTree(in);
        }
        assertThat(golden.get("version").asInt()).isEqualTo(Allocation.VERSION);
        assertThat(golden.get("cases").size()).isGreaterThan(50);
        for (JsonNode c : golden.get("cases")) {
            List<Integer> weights = new ArrayList<>();
            c.get("weights").forEach(w -> weights.add(w.asInt()));
            Allocation allocation = Allocation.of(c.get("salt").asText(), c.get("exposurePercent").asDouble(), weights);
            String unit = c.get("unit").asText();
            long packed = Assigner.assign(allocation, unit);
            String what = c.toString();
            assertThat(Assigner.treatmentBucketOf(packed)).as(what).isEqualTo(c.get("treatmentBucket").asInt());
            assertThat(Assigner.exposureBucketOf(packed)).as(what).isEqualTo(c.get("exposureBucket").asInt());
            assertThat(Assigner.treatmentOf(packed)).as(what).isEqualTo(c.get("treatment").asInt());
            assertThat(Assigner.inExperiment(packed)).as(what).isEqualTo(c.get("inExperiment").asBoolean());
            Bucketing.Buckets slow = Bucketing.buckets(c.get("salt").asText(), unit);
            assertThat(slow.treatment()).as(what).isEqualTo(c.get("treatmentBucket").asInt());
            assertThat(slow.exposure()).as(what).isEqualTo(c.get("exposureBucket").asInt());
        }
    }

    /**
     * Pins the split of a million ids: any change to hashing or ranges shows up here. The counts
     * were reproduced by the independent pure-Python MurmurHash3 that produced the golden file.
     */
    @Test
    void pinnedDistributionOverAMillionIds() {
        Allocation allocation = Allocation.of("homepage-recs", 100, List.of(50, 30, 20));
        long[] counts = new long[3];
        for (int i = 0; i < UNITS; i++) {
            counts[Assigner.treatmentOf(Assigner.assign(allocation, "customer-" + i))]++;
        }
        assertThat(counts).containsExactly(PINNED_COUNTS);
        double p = new ChiSquareTest().chiSquareTest(new double[] {500_000, 300_000, 200_000}, counts);
        assertThat(p).as("chi-square p of %s against 50/30/20", java.util.Arrays.toString(counts)).isGreaterThan(0.001);
    }

    private static final long[] PINNED_COUNTS = {499_930, 300_359, 199_711};

    /** Treatments of two experiments with different salts must be independent (2x2 chi-square). */
    @Test
    void experimentsWithDifferentSaltsAreIndependent() {
        Allocation a = Allocation.of("search-ranking", 100, List.of(1, 1));
        Allocation b = Allocation.of("homepage-recs", 100, List.of(1, 1));
        long[][] table = new long[2][2];
        for (int i = 0; i < UNITS; i++) {
            String unit = "c" + i;
            table[Assigner.treatmentOf(Assigner.assign(a, unit))][Assigner.treatmentOf(Assigner.assign(b, unit))]++;
        }
        double p = new ChiSquareTest().chiSquareTest(table);
        assertThat(p).as("independence p for %s", java.util.Arrays.deepToString(table)).isGreaterThan(0.001);
    }

    @Test
    void exposureSplitMatchesThePercentAndIsIndependentOfTreatment() {
        Allocation allocation = Allocation.of("ramp", 10, List.of(1, 1));
        long[][] table = new long[2][2];
        for (int i = 0; i < 200_000; i++) {
            long packed = Assigner.assign(allocation, "u" + i);
            int bucketTreatment = Assigner.treatmentBucketOf(packed) < 5000 ? 0 : 1;
            table[bucketTreatment][Assigner.inExperiment(packed) ? 1 : 0]++;
        }
        long exposed = table[0][1] + table[1][1];
        assertThat(exposed / 200_000.0).isBetween(0.095, 0.105);
        assertThat(new ChiSquareTest().chiSquareTest(table)).isGreaterThan(0.001);
    }

    /** Growing exposurePercent only admits units; nobody already in changes treatment or leaves. */
    @Test
    void rampingUpNeverMovesAnAssignedUnit() {
        List<Integer> weights = List.of(40, 30, 30);
        double[] ramp = {0, 1, 5, 12.5, 50, 99.99, 100};
        for (int i = 0; i < 100_000; i++) {
            String unit = "ramp-unit-" + i;
            int treatmentWhenIn = -1;
            boolean wasIn = false;
            for (double percent : ramp) {
                long packed = Assigner.assign(Allocation.of("ramp", percent, weights), unit);
                boolean in = Assigner.inExperiment(packed);
                if (wasIn) {
                    assertThat(in).as("unit %s left at %s%%", unit, percent).isTrue();
                    assertThat(Assigner.treatmentOf(packed)).isEqualTo(treatmentWhenIn);
                }
                if (in && !wasIn) {
                    treatmentWhenIn = Assigner.treatmentOf(packed);
                    wasIn = true;
                }
                if (!in) {
                    assertThat(Assigner.treatmentOf(packed)).as("outside gets the control").isZero();
                }
            }
            assertThat(wasIn).as("at 100%% everybody is in").isTrue();
        }
    }

    @Test
    void idsAreHashedAsUtf8() {
        Allocation allocation = Allocation.of("enc", 100, List.of(1, 1));
        long fast = Assigner.assign(allocation, "Zoë-顧客");
        Bucketing.Buckets slow = Bucketing.buckets("enc", "Zoë-顧客");
        assertThat(Assigner.treatmentBucketOf(fast)).isEqualTo(slow.treatment());
        assertThat(Assigner.exposureBucketOf(fast)).isEqualTo(slow.exposure());
        // NFC and NFD spellings are different byte strings, hence (usually) different units: ids are opaque.
        assertThat(Bucketing.buckets("enc", "Zo\u00eb")).isNotEqualTo(Bucketing.buckets("enc", "Zoe\u0308"));
    }
}
