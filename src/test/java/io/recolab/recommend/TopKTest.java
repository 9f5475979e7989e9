package io.recolab.recommend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopKTest {
    @Test
    void keepsBestByScoreThenLowerId() {
        TopK top = new TopK(3);
        float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, Float.NaN, 0.5f};
        for (int id = scores.length - 1; id >= 0; id--) {
            top.offer(id, scores[id]);
        }
        int[] ids = new int[3];
        float[] kept = new float[3];
        assertThat(top.drain(ids, kept, 0)).isEqualTo(3);
        assertThat(ids).containsExactly(1, 4, 0);
        assertThat(kept).containsExactly(0.9f, 0.9f, 0.5f);
        assertThat(top.size()).isZero();
    }

    @Test
    void reusableWithAnotherCapacity() {
        TopK top = new TopK(1);
        top.offer(7, 1f);
        top.reset(2);
        top.offer(3, 2f);
        assertThat(top.isFull()).isFalse();
        top.offer(4, 2f);
        assertThat(top.worstScore()).isEqualTo(2f);
        int[] ids = new int[2];
        top.drain(ids, null, 0);
        assertThat(ids).containsExactly(3, 4);
    }
}
