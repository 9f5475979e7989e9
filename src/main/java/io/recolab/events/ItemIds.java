package io.recolab.events;

import java.util.Arrays;
import java.util.List;

/** Item ids as the platform stores them: bounded, free of control characters, so a tab can join them. */
public final class ItemIds {
    public static final int MAX_LENGTH = 256;

    private ItemIds() {
    }

    public static boolean valid(String id) {
        return valid(id, MAX_LENGTH);
    }

    /** The rule for every id a client sends (events, interactions, request ids): 1..max characters, no control characters. */
    public static boolean valid(String id, int maxLength) {
        return id != null && !id.isEmpty() && id.length() <= maxLength && id.chars().noneMatch(Character::isISOControl);
    }

    public static String join(List<String> ids) {
        return String.join("\t", ids);
    }

    public static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\t"));
    }
}
