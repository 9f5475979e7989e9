package io.recolab.events;

import io.recolab.domain.Text;
import java.util.Arrays;
import java.util.List;

/** Item ids as the platform stores them: ids by the rule of {@link Text}, so a tab can join them. */
public final class ItemIds {
    public static final int MAX_LENGTH = 256;

    private ItemIds() {
    }

    public static boolean valid(String id) {
        return valid(id, MAX_LENGTH);
    }

    /** The rule for every id a client sends: {@link Text#idProblem}. */
    public static boolean valid(String id, int maxLength) {
        return Text.validId(id, maxLength);
    }

    public static String join(List<String> ids) {
        return String.join("\t", ids);
    }

    public static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\t"));
    }
}
