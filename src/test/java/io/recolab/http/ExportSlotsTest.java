package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExportSlotsTest {
    @Test
    void boundsEachCallerAndTheWholeAndGivesSlotsBackOnce() {
        ExportSlots slots = new ExportSlots(2, 3);
        ExportSlots.Slot a1 = slots.take("a");
        slots.take("a");
        assertThatThrownBy(() -> slots.take("a")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(429));
        ExportSlots.Slot b1 = slots.take("b");
        assertThatThrownBy(() -> slots.take("c")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(slots.active()).isEqualTo(3);

        a1.release();
        a1.release(); // twice is once
        assertThat(slots.active()).isEqualTo(2);
        slots.take("c");
        assertThatThrownBy(() -> slots.take("a")).isInstanceOf(ApiError.class);
        b1.release();
        slots.take("a");
        assertThat(slots.active()).isEqualTo(3);
    }

    @Test
    void refusesBoundsThatCannotWork() {
        assertThatThrownBy(() -> new ExportSlots(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportSlots(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
