package io.papyra.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One writer thread's position in the pre-built records, on its own state object (JMH pads it, so
 * it shares no cache line with the shared log it writes to).
 */
@State(Scope.Thread)
public class Cursor {

    int i;

    /** Advances; true when this writer should replace the shared log (every {@link Fixtures#RENEW_MASK 2^20} appends). */
    boolean renew() {
        return (++i & Fixtures.RENEW_MASK) == 0;
    }
}
