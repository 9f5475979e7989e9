package io.recolab.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lower-case, dash-tolerant parsing of the request enums, with a message that lists the choices. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        String choices = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining("|"));
        throw new IllegalArgumentException(field + " must be one of " + choices + ", got '" + value + "'");
    }
}
