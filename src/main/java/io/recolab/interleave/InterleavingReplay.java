package io.recolab.interleave;

import io.recolab.data.Csr;
import io.recolab.data.Interactions;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.SharedItems;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The visits of a replayed log, under the rules of {@code io.recolab.simulate.Replay} (every customer active in
 * [from, to) visits at their first interaction in it; recommenders trained on the data before {@code from};
 * owned items excluded, the bestseller fallback for customers without history; a shown item taken in
 * [visit, visit + windowDays) converts), with both sides' lists kept for each visit. From them either design can
 * be replayed on the same customers: an A/B test shows one side's list, interleaving the team-draft list of both.
 *
 * <p>Pure: the same log, definition and dates give the same visits.
 */
public final class InterleavingReplay {
    /**
     * One customer's visit: the top items of each side, and which of the items either side would show the
     * customer took within the window (the only consumption that can count for either design).
     */
    public record Visit(String unit, long at, List<Integer> topA, List<Integer> topB, Set<Integer> taken) {
        /** Whether the customer took an item of this side's list (the A/B test's binomial conversion). */
        public boolean converts(Side side) {
            return (side == Side.A ? topA : topB).stream().anyMatch(taken::contains);
        }

        /**
         * The team-draft list shown for this coin seed, and the customer's preference from the items taken, each
         * crediting the side {@code rule} gives it ({@link TeamDraft.Interleaved#creditAt}).
         */
        public Preference preference(int shown, long seed, SharedItems rule) {
            TeamDraft.Interleaved<Integer> list = TeamDraft.interleave(topA, topB, shown, seed);
            long a = 0;
            long b = 0;
            for (int i = 0; i < list.items().size(); i++) {
                if (taken.contains(list.items().get(i))) {
                    Side credited = list.creditAt(i, rule);
                    a += credited == Side.A ? 1 : 0;
                    b += credited == Side.B ? 1 : 0;
                }
            }
            return Preference.of(a, b);
        }
    }

    private InterleavingReplay() {
    }

    /** The visits in [from, to) in visit order; sides A and B are the definition's first and second treatments. */
    public static List<Visit> visits(ExperimentDefinition definition, Interactions log,
                                     Function<String, Recommender> recommenders, int shown, long from, long to) {
        if (definition.treatments().size() != 2) {
            throw new IllegalArgumentException("two treatments needed, got " + definition.treatments().size());
        }
        Interactions training = log.before(from);
        Recommendations a = Recommendations.train(recommenders.apply(definition.treatments().get(0).recommender()), training);
        Recommendations b = Recommendations.train(recommenders.apply(definition.treatments().get(1).recommender()), training);
        long window = definition.primaryMetric().windowDays() * 86_400L;
        Csr byCustomer = log.byCustomer();
        int[] positions = byCustomer.values();
        List<Visit> out = new ArrayList<>();
        boolean[] seen = new boolean[log.customerCount()];
        for (int p = log.positionOf(from); p < log.positionOf(to); p++) {
            int customer = log.customer(p);
            if (seen[customer]) {
                continue;
            }
            seen[customer] = true;
            long visit = log.time(p);
            List<Integer> topA = list(a.top(customer, shown).items());
            List<Integer> topB = list(b.top(customer, shown).items());
            Set<Integer> candidates = new HashSet<>(topA);
            candidates.addAll(topB);
            Set<Integer> taken = new HashSet<>();
            int first = firstAtOrAfter(log, byCustomer, customer, visit);
            for (int j = first; j < byCustomer.end(customer) && log.time(positions[j]) < visit + window; j++) {
                int item = log.item(positions[j]);
                if (candidates.contains(item)) {
                    taken.add(item);
                }
            }
            out.add(new Visit(log.customers().id(customer), visit, topA, topB, Set.copyOf(taken)));
        }
        return out;
    }

    private static List<Integer> list(int[] items) {
        return Arrays.stream(items).boxed().toList();
    }

    private static int firstAtOrAfter(Interactions log, Csr byCustomer, int customer, long t) {
        int low = byCustomer.start(customer);
        int high = byCustomer.end(customer);
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (log.time(byCustomer.values()[mid]) < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
