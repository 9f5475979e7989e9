package io.recolab.bench;

import io.recolab.recommend.Recommender;
import io.recolab.recommend.bestseller.Bestseller;
import io.recolab.recommend.itemtoitem.CorrectedRelatedness;
import io.recolab.recommend.itemtoitem.CosineRelatedness;
import io.recolab.recommend.itemtoitem.ItemToItem;
import io.recolab.recommend.itemtoitem.ItemToItemConfig;
import io.recolab.recommend.itemtoitem.NaiveRelatedness;
import io.recolab.recommend.itemtoitem.Relatedness;
import io.recolab.recommend.userbased.UserBased;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings tried on development cutoffs (Protocol.cutoffTimes(log, 4)) before fixing the defaults. */
final class Tuning {
    private Tuning() {
    }

    static Map<String, Recommender> variants() {
        Map<String, Recommender> all = new LinkedHashMap<>();
        all.put("bestseller", new Bestseller());
        Relatedness[] measures = {new CorrectedRelatedness(), new CosineRelatedness(), new NaiveRelatedness()};
        for (Relatedness m : measures) {
            for (int support : new int[] {1, 2, 3}) {
                for (double halfLife : new double[] {0, 30, 90}) {
                    ItemToItemConfig config = new ItemToItemConfig(50, support, halfLife);
                    all.put("i2i " + m + " sup" + support + " hl" + (int) halfLife, new ItemToItem(m, config));
                }
            }
        }
        for (int k : new int[] {20, 50, 100}) {
            all.put("user-based k" + k, new UserBased(k));
        }
        return all;
    }
}
