package io.recolab.interleave;

import io.recolab.assign.Allocation;
import io.recolab.assign.Assigner;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Treatment;
import io.recolab.stats.Alternative;
import io.recolab.stats.ArmEstimate;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.ConfidenceSequence;
import io.recolab.stats.Welch;
import java.util.ArrayList;
import java.util.List;

/**
 * Both designs on the same replayed customers, in visit order, for one seed each: the A/B test splits them by
 * the assignment hash with salt {@code <salt>-<seed>} and compares the two sides' conversion rates (Welch's t
 * on the binary outcome, as the results page); interleaving shows each the team-draft list with coins seeded
 * from ({@code <salt>-<seed>}, unit) and runs the sign test on the non-tied units. For each design: how many
 * customers it took until p < alpha in the reference direction ("first": the first look at which it holds, a
 * look after every customer; "stays": from then on at every later customer). The reference direction is the A/B
 * test's on all customers in expectation over the split: the replay knows what each customer would have done with
 * either list, so it is the sign of (A's conversion rate - B's) over every customer.
 *
 * <p>With a few thousand customers the A/B test rarely gets there at all, so {@link #plan} also gives the sample
 * size each design needs for 80% power at alpha from the effects measured on all customers (the standard normal
 * approximations: two proportions for the A/B test; for interleaving, the binomial test's on the non-tied units,
 * divided by the share of units that are not tied).
 */
public final class DesignComparison {
    private DesignComparison() {
    }

    /** -1 for "never". */
    public record Reach(int first, int stays) {
    }

    /**
     * One seed's comparison.
     *
     * @param abDirection    the reference direction: the A/B test's on all customers in expectation over the split
     * @param abFinal        the side this seed's A/B test favours on all customers
     * @param abFinalP       this seed's A/B p-value on all customers
     * @param interleavingWrongWay whether the sign test ever reached p < alpha favouring the other side
     */
    public record Row(long seed, int customers, Side abDirection, Side abFinal, double abFinalP, Reach ab, Reach interleaving,
                      Reach sequential, double interleavingFinalP, Side interleavingFinal, boolean interleavingWrongWay) {
        /** Both final verdicts significant and opposite. */
        public boolean disagrees(double alpha) {
            return abFinalP < alpha && interleavingFinalP < alpha && interleavingFinal != abFinal;
        }
    }

    /**
     * Effects measured on all customers and the customers each design needs for 80% power at alpha.
     *
     * @param rateA   share of customers who took an item of A's list (what arm A of the A/B test converges to)
     * @param tieRate share of tied units, over the seeds' coins
     * @param shareA  share of non-tied units preferring A, over the seeds' coins
     * @param identicalLists share of customers both sides show the same top items (the same set)
     * @param sharedTaken    share of the items customers took from either list that both lists hold: team-draft
     *     credits those to whichever side the coins let pick them
     */
    public record Plan(int customers, double rateA, double rateB, Side abDirection, double tieRate, double shareA,
                       Side interleavingDirection, double abNeeded, double interleavingNeeded, double identicalLists,
                       double sharedTaken) {
        public double ratio() {
            return abNeeded / interleavingNeeded;
        }

        public boolean agree() {
            return abDirection != null && abDirection == interleavingDirection;
        }
    }

    public static Plan plan(ExperimentDefinition definition, List<InterleavingReplay.Visit> visits, int shown,
                            long firstSeed, int seeds, double alpha) {
        long a = 0;
        long b = 0;
        long identical = 0;
        long taken = 0;
        long shared = 0;
        for (InterleavingReplay.Visit v : visits) {
            a += v.converts(Side.A) ? 1 : 0;
            b += v.converts(Side.B) ? 1 : 0;
            identical += new java.util.HashSet<>(v.topA()).equals(new java.util.HashSet<>(v.topB())) ? 1 : 0;
            for (int item : v.taken()) {
                taken++;
                shared += v.topA().contains(item) && v.topB().contains(item) ? 1 : 0;
            }
        }
        long preferA = 0;
        long preferB = 0;
        long ties = 0;
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            String salt = definition.salt() + "-" + seed;
            for (InterleavingReplay.Visit v : visits) {
                Preference p = v.preference(shown, TeamDraft.seed(salt, v.unit(), "sim"), definition.sharedItems());
                preferA += p == Preference.A ? 1 : 0;
                preferB += p == Preference.B ? 1 : 0;
                ties += p == Preference.TIE ? 1 : 0;
            }
        }
        int n = visits.size();
        double pa = a / (double) n;
        double pb = b / (double) n;
        double za = new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
        double zb = new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(0.8);
        double abPerArm = (za + zb) * (za + zb) * (pa * (1 - pa) + pb * (1 - pb)) / ((pa - pb) * (pa - pb));
        double decided = preferA + preferB;
        double q = preferA / decided;
        double tieRate = ties / (double) (decided + ties);
        double nonTied = Math.pow((za * 0.5 + zb * Math.sqrt(q * (1 - q))) / (q - 0.5), 2);
        return new Plan(n, pa, pb, pa > pb ? Side.A : pb > pa ? Side.B : null, tieRate, q,
                q > 0.5 ? Side.A : q < 0.5 ? Side.B : null, 2 * abPerArm, nonTied / (1 - tieRate),
                identical / (double) n, taken == 0 ? Double.NaN : shared / (double) taken);
    }

    public static List<Row> run(ExperimentDefinition definition, List<InterleavingReplay.Visit> visits, int shown,
                                long firstSeed, int seeds, double alpha) {
        List<Row> rows = new ArrayList<>();
        long convertA = visits.stream().filter(v -> v.converts(Side.A)).count();
        long convertB = visits.stream().filter(v -> v.converts(Side.B)).count();
        Side reference = convertA > convertB ? Side.A : convertB > convertA ? Side.B : null;
        double rho2 = ConfidenceSequence.rhoSquared(alpha, ComparisonRequest.DEFAULT_SEQUENTIAL_TUNING);
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            String salt = definition.salt() + "-" + seed;
            Allocation split = Allocation.of(salt, 100, definition.treatments().stream().map(Treatment::weight).toList());
            int n = visits.size();
            double[] abP = new double[n];
            Side[] abSide = new Side[n];
            double[] ilP = new double[n];
            double[] seqP = new double[n];
            Side[] ilSide = new Side[n];
            long[] units = new long[2];
            long[] conversions = new long[2];
            long preferA = 0;
            long preferB = 0;
            for (int i = 0; i < n; i++) {
                InterleavingReplay.Visit v = visits.get(i);
                int arm = Assigner.treatmentOf(Assigner.assign(split, v.unit()));
                units[arm]++;
                conversions[arm] += v.converts(arm == 0 ? Side.A : Side.B) ? 1 : 0;
                abP[i] = welchP(units, conversions);
                double rateA = units[0] == 0 ? 0 : conversions[0] / (double) units[0];
                double rateB = units[1] == 0 ? 0 : conversions[1] / (double) units[1];
                abSide[i] = rateA > rateB ? Side.A : rateB > rateA ? Side.B : null;
                Preference p = v.preference(shown, TeamDraft.seed(salt, v.unit(), "sim"), definition.sharedItems());
                preferA += p == Preference.A ? 1 : 0;
                preferB += p == Preference.B ? 1 : 0;
                ilP[i] = SignTest.pValue(preferA, preferB);
                seqP[i] = Math.min(i == 0 ? 1 : seqP[i - 1], SignTest.sequentialPValue(preferA, preferB, rho2));
                ilSide[i] = preferA > preferB ? Side.A : preferB > preferA ? Side.B : null;
            }
            Side direction = reference;
            boolean wrongWay = false;
            for (int i = 0; i < n; i++) {
                wrongWay |= ilP[i] < alpha && ilSide[i] != null && ilSide[i] != direction;
            }
            rows.add(new Row(seed, n, direction, n == 0 ? null : abSide[n - 1], n == 0 ? 1 : abP[n - 1], reach(abP, abSide, direction, alpha),
                    reach(ilP, ilSide, direction, alpha), reach(seqP, ilSide, direction, alpha),
                    n == 0 ? 1 : ilP[n - 1], n == 0 ? null : ilSide[n - 1], wrongWay));
        }
        return rows;
    }

    static Reach reach(double[] p, Side[] side, Side direction, double alpha) {
        int first = -1;
        int stays = -1;
        for (int i = 0; i < p.length; i++) {
            boolean holds = direction != null && p[i] < alpha && side[i] == direction;
            if (holds && first < 0) {
                first = i + 1;
            }
            if (holds && stays < 0) {
                stays = i + 1;
            } else if (!holds) {
                stays = -1;
            }
        }
        return new Reach(first, stays);
    }

    /** Welch's two-sided p on the binary outcome; 1 while an arm has fewer than 2 units or both have no variance. */
    static double welchP(long[] units, long[] conversions) {
        if (units[0] < 2 || units[1] < 2) {
            return 1;
        }
        ArmEstimate a = arm(units[0], conversions[0]);
        ArmEstimate b = arm(units[1], conversions[1]);
        if (a.variance() == 0 && b.variance() == 0) {
            return 1;
        }
        return Welch.pValue(Welch.absoluteLift(a, b), Alternative.TWO_SIDED);
    }

    private static ArmEstimate arm(long n, long conversions) {
        double mean = conversions / (double) n;
        return new ArmEstimate(n, mean, mean * (1 - mean) * n / (n - 1));
    }
}
