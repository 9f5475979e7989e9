package io.recolab.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticGeneratorTest {
    private static final SyntheticSpec SPEC = new SyntheticSpec(3_000, 1_000, 240, 11);
    private static final Interactions LOG = SyntheticGenerator.generate(SPEC);

    @Test
    void sameSeedSameLogOtherSeedOtherLog() {
        Interactions again = SyntheticGenerator.generate(SPEC);
        assertThat(again.size()).isEqualTo(LOG.size());
        for (int p = 0; p < LOG.size(); p += 97) {
            assertThat(again.item(p)).isEqualTo(LOG.item(p));
            assertThat(again.time(p)).isEqualTo(LOG.time(p));
        }
        Interactions other = SyntheticGenerator.generate(new SyntheticSpec(3_000, 1_000, 240, 12));
        assertThat(other.size()).isNotEqualTo(LOG.size());
    }

    @Test
    void spansTheRequestedDaysWithEveryCustomer() {
        assertThat(LOG.firstTime()).isGreaterThanOrEqualTo(SyntheticGenerator.START);
        assertThat(LOG.lastTime()).isLessThan(SyntheticGenerator.START + 240 * 86_400L);
        assertThat(LOG.customerCount()).isEqualTo(3_000);
        assertThat(LOG.customerItems().size(0)).isPositive();
    }

    @Test
    void longTailOfItems() {
        int[] count = new int[LOG.itemCount()];
        for (int p = 0; p < LOG.size(); p++) {
            count[LOG.item(p)]++;
        }
        Arrays.sort(count);
        long top10 = 0;
        for (int i = count.length - count.length / 10; i < count.length; i++) {
            top10 += count[i];
        }
        long bottomHalf = 0;
        for (int i = 0; i < count.length / 2; i++) {
            bottomHalf += count[i];
        }
        assertThat((double) top10 / LOG.size()).isGreaterThan(0.4);
        assertThat((double) bottomHalf / LOG.size()).isLessThan(0.15);
    }

    @Test
    void heavyAndLightBuyers() {
        int[] perCustomer = new int[LOG.customerCount()];
        for (int p = 0; p < LOG.size(); p++) {
            perCustomer[LOG.customer(p)]++;
        }
        Arrays.sort(perCustomer);
        double median = perCustomer[perCustomer.length / 2];
        double p99 = perCustomer[(int) (perCustomer.length * 0.99)];
        assertThat(p99).isGreaterThan(8 * median);
        assertThat(perCustomer[0]).isGreaterThanOrEqualTo(1);
    }

    @Test
    void newItemsTrendRightAfterRelease() {
        // For items released mid-period: daily sales in their first 14 days vs days 42-98 after release.
        long early = 0;
        long late = 0;
        int released = 0;
        for (int item = 0; item < LOG.itemCount(); item++) {
            int day = SyntheticGenerator.releaseDay(SPEC, item);
            if (day < 20 || day > 120) {
                continue;
            }
            released++;
            long releaseTime = SyntheticGenerator.START + day * 86_400L;
            for (int p = LOG.positionOf(releaseTime); p < LOG.size(); p++) {
                long age = (LOG.time(p) - releaseTime) / 86_400;
                if (LOG.item(p) == item) {
                    if (age < 14) {
                        early++;
                    } else if (age >= 42 && age < 98) {
                        late++;
                    }
                }
            }
            assertThat(LOG.positionOf(releaseTime) == 0 || firstSaleNotBefore(item, releaseTime)).isTrue();
        }
        assertThat(released).isGreaterThan(50);
        double earlyRate = early / 14.0;
        double lateRate = late / 56.0;
        assertThat(earlyRate).isGreaterThan(4 * lateRate);
    }

    private static boolean firstSaleNotBefore(int item, long releaseTime) {
        for (int p = 0; p < LOG.positionOf(releaseTime); p++) {
            if (LOG.item(p) == item) {
                return false;
            }
        }
        return true;
    }

    @Test
    void specParsesWithDefaults() {
        assertThat(SyntheticSpec.parse("")).isEqualTo(SyntheticSpec.DEFAULT);
        assertThat(SyntheticSpec.parse("customers=7, seed=9"))
                .isEqualTo(new SyntheticSpec(7, SyntheticSpec.DEFAULT.items(), SyntheticSpec.DEFAULT.days(), 9));
    }
}
