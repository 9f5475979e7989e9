package io.recolab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompensatedSumTest {
    @Test
    void keepsTheDigitsAPlainSumDrops() {
        // 1e16 + 1 + 1 - 1e16: a plain double sum gives 0 (each 1 is below half an ulp of 1e16); the exact answer is 2.
        CompensatedSum s = new CompensatedSum();
        double plain = 0;
        for (double v : new double[] {1e16, 1, 1, -1e16}) {
            s.add(v);
            plain += v;
        }
        assertThat(plain).isEqualTo(0);
        assertThat(s.value()).isEqualTo(2);
    }
}
