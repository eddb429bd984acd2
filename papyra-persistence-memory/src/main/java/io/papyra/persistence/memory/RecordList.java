package io.papyra.persistence.memory;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The immutable list a read returns: a view over an array that nobody else holds, so the read's
 * one copy is the only one.
 */
final class RecordList<R> extends AbstractList<R> implements RandomAccess {

    private static final RecordList<Object> EMPTY = new RecordList<>(new Object[0]);

    private final Object[] elements;

    private RecordList(Object[] elements) {
        this.elements = elements;
    }

    /** Wraps {@code elements}, which the caller must not keep or change. */
    static <R> RecordList<R> wrap(Object[] elements) {
        return elements.length == 0 ? empty() : new RecordList<>(elements);
    }

    @SuppressWarnings("unchecked")
    static <R> RecordList<R> empty() {
        return (RecordList<R>) EMPTY;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R get(int index) {
        Objects.checkIndex(index, elements.length);
        return (R) elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public Object[] toArray() {
        return elements.clone();
    }
}
