package io.recolab.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionsTest {
    private final Interactions log = TestLogs.log(
            "10 b 300",
            "9 a 100",
            "9 b 200",
            "10 a 100",
            "9 a 250");

    @Test
    void sortsByTimeStablyAndOrdersIdsNumerically() {
        assertThat(log.size()).isEqualTo(5);
        assertThat(log.customers().id(0)).isEqualTo("9"); // numeric order: 9 before 10
        assertThat(log.customers().id(1)).isEqualTo("10");
        long[] times = new long[5];
        for (int p = 0; p < 5; p++) {
            times[p] = log.time(p);
        }
        assertThat(times).containsExactly(100, 100, 200, 250, 300);
        // equal times keep input order: "9 a 100" came before "10 a 100"
        assertThat(log.customer(0)).isEqualTo(0);
        assertThat(log.customer(1)).isEqualTo(1);
        assertThat(log.horizon()).isEqualTo(301);
    }

    @Test
    void cutIsAPrefixSharingDictionaries() {
        Interactions before = log.before(250);
        assertThat(before.size()).isEqualTo(3);
        assertThat(before.horizon()).isEqualTo(250);
        assertThat(before.itemCount()).isEqualTo(2);
        assertThat(before.customers()).isSameAs(log.customers());
        assertThat(log.before(0).size()).isZero();
        assertThat(log.before(10_000).size()).isEqualTo(5);
        assertThat(log.before(10_000).horizon()).isEqualTo(301);
    }

    @Test
    void customerItemsAreDistinctWithLatestTime() {
        CustomerItems m = log.customerItems();
        int nine = log.customers().index("9");
        int a = log.items().index("a");
        int b = log.items().index("b");
        assertThat(m.size(nine)).isEqualTo(2);
        assertThat(m.item(m.start(nine))).isEqualTo(a);
        assertThat(m.lastTime(m.start(nine))).isEqualTo(250);
        assertThat(m.owns(nine, b)).isTrue();
        assertThat(m.pairs()).isEqualTo(4);
        Csr byItem = log.itemCustomers();
        assertThat(byItem.size(a)).isEqualTo(2);
        CustomerItems early = log.before(150).customerItems();
        assertThat(early.size(nine)).isEqualTo(1);
        assertThat(early.owns(nine, b)).isFalse();
    }

    @Test
    void byCustomerGroupsPositionsInTimeOrder() {
        Csr groups = log.byCustomer();
        int nine = log.customers().index("9");
        assertThat(groups.size(nine)).isEqualTo(3);
        int previous = -1;
        for (int j = groups.start(nine); j < groups.end(nine); j++) {
            assertThat(groups.values()[j]).isGreaterThan(previous);
            previous = groups.values()[j];
        }
    }

    @Test
    void rejectsInconsistentColumns() {
        Dictionary one = Dictionary.ofSorted("x");
        assertThatThrownBy(() -> Interactions.of(new int[] {0}, new int[] {1}, new long[] {5}, one, one))
                .hasMessageContaining("item 1 of 1");
        assertThatThrownBy(() -> Dictionary.ofSorted("b", "a")).hasMessageContaining("'b' then 'a'");
    }

    @Test
    void sortsLogsSpanningMoreThan136Years() {
        Interactions wide = TestLogs.log("c i 5000000000", "c j -5000000000");
        assertThat(wide.time(0)).isEqualTo(-5_000_000_000L);
    }

    @Test
    void oneMillionRowsCostTensOfMegabytes() {
        Interactions big = SyntheticGenerator.generate(new SyntheticSpec(40_000, 5_000, 365, 3));
        big.customerItems();
        big.itemCustomers();
        assertThat(big.size()).isGreaterThan(800_000);
        assertThat(big.estimatedBytes()).isLessThan(60_000_000L);
    }
}
