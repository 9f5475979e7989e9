package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.recommend.TrainedModel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained autoencoder bound to a log: scores a customer from their history in that log at its horizon
 * ("now"), with the item trend of the same moment. Scores are exp(z_i - max z) over items that are known
 * and not owned: the softmax up to its constant, in (0, 1], so every such item is a recommendation. Can be
 * saved and loaded ({@link ModelFile}) and bound to newer data with the same item dictionary.
 */
public final class AutoencoderModel implements TrainedModel {
    private final String kind;
    private final Network net;
    private final double halfLifeDays;
    private final String[] itemIds;
    private final Snapshot now;
    private final ThreadLocal<Scratch> scratch;

    AutoencoderModel(String kind, Network net, double halfLifeDays, String[] itemIds, Interactions log) {
        if (log.itemCount() != net.items || itemIds.length != net.items) {
            throw new IllegalArgumentException("the " + kind + " model scores " + net.items + " items but the log has "
                    + log.itemCount() + " (bind it to data with the item dictionary it was trained on)");
        }
        for (int i = 0; i < itemIds.length; i++) {
            if (!itemIds[i].equals(log.items().id(i))) {
                throw new IllegalArgumentException("the " + kind + " model's item " + i + " is '" + itemIds[i]
                        + "' but the log's is '" + log.items().id(i) + "': not the data it was trained on");
            }
        }
        this.kind = kind;
        this.net = net;
        this.halfLifeDays = halfLifeDays;
        this.itemIds = itemIds;
        this.now = Snapshot.at(log, log.horizon(), halfLifeDays);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(net));
    }

    static String[] itemIds(Interactions log) {
        String[] ids = new String[log.itemCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = log.items().id(i);
        }
        return ids;
    }

    /** Reads a model file (see {@link ModelFile}) and binds it to {@code log}. */
    public static AutoencoderModel load(Path file, Interactions log) throws IOException {
        return ModelFile.read(file).bind(log);
    }

    public void save(Path file) throws IOException {
        ModelFile.write(file, this);
    }

    /** The same weights bound to another log (e.g. newer data for serving). */
    public AutoencoderModel bind(Interactions log) {
        return new AutoencoderModel(kind, net, halfLifeDays, itemIds, log);
    }

    public String kind() {
        return kind;
    }

    Network network() {
        return net;
    }

    double halfLifeDays() {
        return halfLifeDays;
    }

    String[] itemIdArray() {
        return itemIds;
    }

    @Override
    public void score(int customer, float[] scores) {
        int n = now.historySize(customer);
        if (n == 0) {
            return;
        }
        Scratch s = scratch.get();
        if (s.index.length < 2 * n) {
            s.index = new int[2 * n];
            s.value = new float[2 * n];
        }
        int nnz = now.input(customer, s.index, s.value);
        net.hidden(s.index, s.value, nnz, s.h);
        net.trendScales(s.h, s.s);
        float[] z = s.z;
        net.logits(s.h, s.s, now.trend, z);
        for (int e = now.owned.start(customer); e < now.owned.end(customer); e++) {
            z[now.owned.item(e)] = Float.NEGATIVE_INFINITY;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            if (now.known[i]) {
                max = Math.max(max, z[i]);
            }
        }
        for (int i = 0; i < z.length; i++) {
            if (now.known[i] && z[i] != Float.NEGATIVE_INFINITY) {
                scores[i] += (float) Math.exp(z[i] - max);
            }
        }
    }

    private static final class Scratch {
        final float[] h;
        final float[] s;
        final float[] z;
        int[] index = new int[64];
        float[] value = new float[64];

        Scratch(Network net) {
            h = new float[net.hidden];
            s = new float[net.features];
            z = new float[net.items];
        }
    }
}
