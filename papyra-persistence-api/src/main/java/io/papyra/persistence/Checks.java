package io.papyra.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the API's value types; every message names the argument. */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    static String notBlank(String value, String name) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }

    static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /**
     * Copies a list into an unmodifiable one; a null element is an error naming the list and index.
     * The copy is what is checked, so a caller changing its list meanwhile cannot slip a null in.
     */
    static <T> List<T> copyOfElements(List<T> list, String name) {
        notNull(list, name);
        if (list.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(list);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new NullPointerException(name + " must not contain null (index " + i + ")");
            }
        }
        return Collections.unmodifiableList(copy);
    }
}
