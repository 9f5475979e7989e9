package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The model file, big-endian:
 * <pre>
 *   magic "RLAE" 0D 0A 1A 0A (PNG's trick: text-mode transfers and truncation show up as a bad magic)
 *   int version (1) | UTF kind | int inputs, hidden, items, features | double halfLifeDays
 *   items x UTF item id | the parameter arrays in Network.parameters() order (lengths follow from the dims)
 *   long CRC-32 of every byte before it
 * </pre>
 * Written to a temporary file and moved into place, so a reader never sees half a model.
 */
final class ModelFile {
    static final byte[] MAGIC = {'R', 'L', 'A', 'E', 0x0D, 0x0A, 0x1A, 0x0A};
    static final int VERSION = 1;

    private ModelFile() {
    }

    record Saved(String kind, Network net, double halfLifeDays, String[] itemIds) {
        AutoencoderModel bind(Interactions log) {
            return new AutoencoderModel(kind, net, halfLifeDays, itemIds, log);
        }
    }

    static void write(Path file, AutoencoderModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Network net = model.network();
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(model.kind());
        out.writeInt(net.inputs);
        out.writeInt(net.hidden);
        out.writeInt(net.items);
        out.writeInt(net.features);
        out.writeDouble(model.halfLifeDays());
        for (String id : model.itemIdArray()) {
            out.writeUTF(id);
        }
        for (float[] p : net.parameters()) {
            for (float v : p) {
                out.writeFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Saved read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a recolab autoencoder model (bad magic header)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(file + ": model file version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        if (stored != crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                    + Long.toHexString(crc.getValue()) + "): the file is corrupt or truncated");
        }
        try {
            String kind = in.readUTF();
            int inputs = in.readInt();
            int hidden = in.readInt();
            int items = in.readInt();
            int features = in.readInt();
            double halfLife = in.readDouble();
            long floats = (long) inputs * hidden + hidden + (long) hidden * items + items + features
                    + (long) features * hidden;
            if (inputs < 1 || hidden < 1 || items < 1 || features < 0 || 4 * floats > all.length) {
                throw new IOException(file + ": bad dims inputs " + inputs + ", hidden " + hidden + ", items " + items
                        + ", features " + features + " for a file of " + all.length + " bytes");
            }
            String[] ids = new String[items];
            for (int i = 0; i < items; i++) {
                ids[i] = in.readUTF();
            }
            Network net = new Network(inputs, hidden, items, features);
            for (float[] p : net.parameters()) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = in.readFloat();
                }
            }
            if (in.available() != 0) {
                throw new IOException(file + ": " + in.available() + " unexpected bytes after the weights");
            }
            return new Saved(kind, net, halfLife, ids);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated model file", e);
        }
    }
}
