package io.recolab.serving;

import io.recolab.assign.Murmur3;
import io.recolab.events.EventParser;
import java.nio.charset.StandardCharsets;

/**
 * The event id of the exposure a recommendation logs: {@code rec-<requestId>-<unit tag>}, the tag being 16 hex
 * digits of MurmurHash3 (x64_128, first half) of the unit's UTF-8. A retry of the same request by the same unit
 * gets the same id, so its exposure is logged once; the same request id sent for two units gets two ids, so
 * neither exposure is taken for the other's retry and dropped.
 */
public final class ExposureIds {
    public static final String PREFIX = "rec-";
    private static final int TAG = 16;
    /** The longest request id that leaves room for the prefix and the tag within an event id. */
    public static final int MAX_REQUEST_ID = EventParser.MAX_ID_LENGTH - PREFIX.length() - 1 - TAG;

    private ExposureIds() {
    }

    public static String of(String requestId, String unit) {
        byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
        String tag = Long.toHexString(Murmur3.hash128(bytes, bytes.length, null));
        return PREFIX + requestId + "-" + "0".repeat(TAG - tag.length()) + tag;
    }
}
