package io.recolab.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {
    @Test
    void splitsBucketsByWeightWithoutLosingAny() {
        assertThat(Allocation.of("s", 100, List.of(50, 50)).treatmentEnds()).containsExactly(5000, 10000);
        assertThat(Allocation.of("s", 100, List.of(1, 1, 1)).treatmentEnds()).containsExactly(3333, 6666, 10000);
        assertThat(Allocation.of("s", 100, List.of(90, 5, 5)).treatmentEnds()).containsExactly(9000, 9500, 10000);
        assertThat(Allocation.of("s", 100, List.of(1, 9999)).treatmentEnds()).containsExactly(1, 10000);
    }

    @Test
    void exposureHasOneBucketResolution() {
        assertThat(Allocation.of("s", 12.5, List.of(1, 1)).exposedBuckets()).isEqualTo(1250);
        assertThat(Allocation.of("s", 0, List.of(1, 1)).exposedBuckets()).isZero();
        assertThat(Allocation.of("s", 100, List.of(1, 1)).exposedBuckets()).isEqualTo(10000);
        assertThat(Allocation.of("s", 0.01, List.of(1, 1)).exposedBuckets()).isEqualTo(1);
    }

    @Test
    void rejectsBadWeightsWithTheValues() {
        assertThatThrownBy(() -> Allocation.of("s", 100, List.of(50, 0)))
                .hasMessageContaining("[50, 0]");
        assertThatThrownBy(() -> Allocation.of("s", 100, List.of()))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Allocation("", 100, new int[] {10000}))
                .hasMessageContaining("salt");
    }
}
