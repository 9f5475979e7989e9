package io.recolab.interleave;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.SharedItems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of team-draft interleaving from Radlinski, Kurup, Joachims (CIKM 2008), on random lists. */
class TeamDraftTest {
    private static List<Integer> randomList(SplittableRandom r, int size, int universe) {
        List<Integer> out = new ArrayList<>();
        while (out.size() < size) {
            int x = r.nextInt(universe);
            if (!out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void eachSideContributesFloorOrCeilOfHalfWithoutDuplicates() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 2_000; trial++) {
            List<Integer> a = randomList(r, 20, 40);
            List<Integer> b = randomList(r, 20, 40);
            int n = 1 + r.nextInt(12);
            TeamDraft.Interleaved<Integer> list = TeamDraft.interleave(a, b, n, r.nextLong());
            assertThat(list.items()).hasSize(n);
            assertThat(new HashSet<>(list.items())).hasSize(n);
            long fromA = list.count(Side.A);
            assertThat(fromA).isIn((long) n / 2, (long) (n + 1) / 2);
            assertThat(list.count(Side.B)).isEqualTo(n - fromA);
            // Every item comes from the list of the side credited with it.
            for (int i = 0; i < n; i++) {
                assertThat(list.teams().get(i) == Side.A ? a : b).contains(list.items().get(i));
            }
        }
    }

    @Test
    void eachPickIsTheSidesHighestRankedItemNotYetShown() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            List<Integer> a = randomList(r, 10, 15);
            List<Integer> b = randomList(r, 10, 15);
            TeamDraft.Interleaved<Integer> list = TeamDraft.interleave(a, b, 8, r.nextLong());
            for (int i = 0; i < list.items().size(); i++) {
                List<Integer> own = list.teams().get(i) == Side.A ? a : b;
                var before = new HashSet<>(list.items().subList(0, i));
                Integer expected = own.stream().filter(x -> !before.contains(x)).findFirst().orElseThrow();
                assertThat(list.items().get(i)).isEqualTo(expected);
            }
        }
    }

    @Test
    void deterministicPerSeedAndTheCoinMatters() {
        List<String> a = List.of("a1", "a2", "a3", "a4", "a5", "a6");
        List<String> b = List.of("b1", "b2", "b3", "b4", "b5", "b6");
        long seed = TeamDraft.seed("salt", "u1", "req-1");
        assertThat(TeamDraft.seed("salt", "u1", "req-1")).isEqualTo(seed);
        assertThat(TeamDraft.interleave(a, b, 6, seed)).isEqualTo(TeamDraft.interleave(a, b, 6, seed));
        var firsts = new HashSet<Side>();
        for (int i = 0; i < 40; i++) {
            firsts.add(TeamDraft.interleave(a, b, 6, TeamDraft.seed("salt", "u1", "req-" + i)).teams().get(0));
        }
        assertThat(firsts).containsExactlyInAnyOrder(Side.A, Side.B);
    }

    @Test
    void identicalListsShowTheCommonRankingAndSplitTheCredit() {
        List<String> same = List.of("x", "y", "z", "w");
        var list = TeamDraft.interleave(same, same, 4, 42);
        assertThat(list.items()).containsExactly("x", "y", "z", "w");
        assertThat(list.count(Side.A)).isEqualTo(2);
        assertThat(list.teamOf("q")).isNull();
    }

    @Test
    void itemsBothListsHoldAreSharedAndCreditNobodyOnlyUnderTheNeutralRule() {
        var list = TeamDraft.interleave(List.of("x", "a1", "y", "a2"), List.of("b1", "x", "b2", "y"), 6, 9);
        assertThat(list.shared()).containsExactlyInAnyOrder("x", "y");
        for (int i = 0; i < list.items().size(); i++) {
            boolean shared = list.items().get(i).equals("x") || list.items().get(i).equals("y");
            assertThat(list.creditAt(i, SharedItems.PICKER)).isEqualTo(list.teams().get(i));
            assertThat(list.creditAt(i, null)).isEqualTo(list.teams().get(i)); // A/B definitions have no rule
            assertThat(list.creditAt(i, SharedItems.NEUTRAL)).isEqualTo(shared ? null : list.teams().get(i));
        }
        SplittableRandom r = new SplittableRandom(13);
        for (int trial = 0; trial < 500; trial++) {
            List<Integer> a = randomList(r, 8, 14);
            List<Integer> b = randomList(r, 8, 14);
            var random = TeamDraft.interleave(a, b, 8, r.nextLong());
            var expected = new HashSet<>(random.items());
            expected.removeIf(x -> !a.contains(x) || !b.contains(x));
            assertThat(random.shared()).isEqualTo(expected);
        }
    }

    @Test
    void stopsWhenOneSideHasNothingNewAsThePaperDoes() {
        var list = TeamDraft.interleave(List.of("a", "b"), List.of("b", "c", "d", "e"), 6, 3);
        // a and b are both used up by A's list after two of its picks at most: never more than floor/ceil.
        assertThat(Math.abs(list.count(Side.A) - list.count(Side.B))).isLessThanOrEqualTo(1);
        assertThat(list.items()).doesNotHaveDuplicates();
    }
}
