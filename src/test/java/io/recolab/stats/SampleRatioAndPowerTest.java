package io.recolab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleRatioAndPowerTest {
    @Test
    void srmNeedsEightUnitsPerTreatmentBeforeFlagging() {
        SampleRatio.Result tiny = SampleRatio.test(new long[] {0, 7}, new double[] {50, 50});
        assertThat(tiny.pValue()).isLessThan(0.05);
        assertThat(tiny.mismatch()).isFalse();
        assertThat(tiny.message()).contains("fewer than 8 units");
        SampleRatio.Result clear = SampleRatio.test(new long[] {1000, 1200}, new double[] {50, 50});
        assertThat(clear.pValue()).isLessThan(0.001);
        assertThat(clear.mismatch()).isTrue();
        SampleRatio.Result fine = SampleRatio.test(new long[] {5020, 4980}, new double[] {50, 50});
        assertThat(fine.mismatch()).isFalse();
    }

    /**
     * CONTRACT §6 flags a mismatch once every treatment has 8 units, so a treatment that receives none of
     * 100,000 units is not flagged; its message says the split looks broken instead of "not flagged yet".
     */
    @Test
    void anArmThatGetsNoUnitsIsNamedInTheMessage() {
        SampleRatio.Result none = SampleRatio.test(new long[] {0, 100_000}, new double[] {50, 50});
        assertThat(none.mismatch()).isFalse();
        assertThat(none.message()).startsWith("a treatment has fewer than 8 units where at least 50000 were expected")
                .contains("the split looks broken");
        SampleRatio.Result early = SampleRatio.test(new long[] {1, 12}, new double[] {10, 90});
        assertThat(early.mismatch()).isFalse();
        assertThat(early.message()).isEqualTo("fewer than 8 units in a treatment; mismatch is not flagged yet");
    }

    @Test
    void srmWithoutUnitsHasNoPValue() {
        SampleRatio.Result r = SampleRatio.test(new long[] {0, 0}, new double[] {1, 1});
        assertThat(r.pValue()).isNull();
        assertThat(r.mismatch()).isFalse();
        assertThat(r.message()).isEqualTo("no units observed yet");
    }

    @Test
    void srmRejectsBadInput() {
        assertThatThrownBy(() -> SampleRatio.test(new long[] {1, 2}, new double[] {1}))
                .hasMessage("observed and weights must have the same length, got 2 and 1");
        assertThatThrownBy(() -> SampleRatio.test(new long[] {1, 2}, new double[] {1, 0}))
                .hasMessage("weights[1] must be > 0, got 0.0");
        assertThatThrownBy(() -> SampleRatio.test(new long[] {-1, 2}, new double[] {1, 1}))
                .hasMessage("observed[0] must be >= 0, got -1");
    }

    @Test
    void powerGivesDaysAtTheObservedTraffic() {
        Power.Result r = Power.sampleSize(new Power.Request(0.1, 0.05, 0.05, 0.8, 2, null, 10000.0));
        assertThat(r.unitsPerTreatment()).isEqualTo(57763);
        assertThat(r.totalUnits()).isEqualTo(2 * 57763);
        assertThat(r.days()).isEqualTo(12); // 115,526 units at 10,000 a day
        assertThat(r.alphaPerComparison()).isEqualTo(0.05);
    }

    @Test
    void moreTreatmentsSplitAlphaAndNeedMoreUnits() {
        Power.Result two = Power.sampleSize(new Power.Request(0.1, 0.05, 0.05, 0.8, 2, null, null));
        Power.Result four = Power.sampleSize(new Power.Request(0.1, 0.05, 0.05, 0.8, 4, null, null));
        assertThat(four.alphaPerComparison()).isEqualTo(0.05 / 3);
        assertThat(four.unitsPerTreatment()).isGreaterThan(two.unitsPerTreatment());
        assertThat(two.days()).isNull();
    }

    @Test
    void powerRejectsImpossibleEffects() {
        assertThatThrownBy(() -> new Power.Request(0.8, 0.5, 0.05, 0.8, 2, null, null))
                .hasMessage("baseline * (1 + relativeEffect) must be between 0 and 1, got 1.2000000000000002");
        assertThatThrownBy(() -> new Power.Request(0.1, 0.05, 0.05, 1.2, 2, null, null))
                .hasMessage("power must be between 0 and 1 (exclusive), got 1.2");
        assertThatThrownBy(() -> new Power.Request(0.1, 0.05, 0.05, 0.8, 1, null, null))
                .hasMessage("treatments must be >= 2 (control included), got 1");
    }
}
