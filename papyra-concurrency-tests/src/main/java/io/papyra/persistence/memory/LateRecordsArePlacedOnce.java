package io.papyra.persistence.memory;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An append still running during one merge (its stamp below that merge's counter, its record not
 * published yet) is placed by a later merge, once, whether it is published before that merge,
 * during it or after it. Writer 1 appends, merges, appends and merges again; writer 2 appends once,
 * racing with both merges. r1: records in the end (3); r2: 1 if each is placed once and writer 1's
 * two are in order.
 */
@JCStressTest
@Outcome(id = "3, 1", expect = Expect.ACCEPTABLE, desc = "all three, once each, writer 1 in order")
@Outcome(expect = Expect.FORBIDDEN, desc = "a record lost, duplicated, overwritten or out of order")
@State
public class LateRecordsArePlacedOnce {
    private final StripedAppender appender = new StripedAppender();
    private final Slots slots = new Slots();
    private final Object a = new Object();
    private final Object b = new Object();
    private final Object y = new Object();

    @Actor
    public void writer1() {
        appender.append(a);
        appender.drain(slots);
        appender.append(b);
        appender.drain(slots);
    }

    @Actor
    public void writer2() {
        appender.append(y);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        long placed = appender.drain(slots);
        r.r1 = (int) placed;
        r.r2 = slots.holdsEachOnce(placed, a, b, y) && slots.indexOf(a, placed) < slots.indexOf(b, placed) ? 1 : 0;
    }
}
