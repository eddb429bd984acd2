package io.papyra.persistence.memory;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An append that returned before another started is placed before it, even when they are in
 * different stripes and a merge runs between them: writer 1 appends A, raises a flag and merges
 * (racing with writer 2); writer 2, seeing the flag, appends B; the arbiter merges the rest. Two
 * actors, so that it runs on two CPUs.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "B appended after A, placed after A")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "writer 2 did not see the flag: only A")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "B placed before A although A returned before B started")
@Outcome(expect = Expect.FORBIDDEN, desc = "a record lost or placed twice")
@State
public class MergeKeepsRealTimeOrder {
    private final StripedAppender appender = new StripedAppender();
    private final Slots slots = new Slots();
    private final Object a = new Object();
    private final Object b = new Object();
    private volatile int aReturned;
    private int bAppended;

    @Actor
    public void writer1() {
        appender.append(a);
        aReturned = 1;
        appender.drain(slots);
    }

    @Actor
    public void writer2() {
        if (aReturned == 1) {
            appender.append(b);
            bAppended = 1;
        }
    }

    @Arbiter
    public void arbiter(II_Result r) {
        long placed = appender.drain(slots);
        r.r1 = bAppended;
        if (bAppended == 1) {
            r.r2 = slots.holdsEachOnce(placed, a, b) ? (slots.indexOf(a, placed) < slots.indexOf(b, placed) ? 1 : 0) : -1;
        } else {
            r.r2 = slots.holdsEachOnce(placed, a) ? 1 : -1;
        }
    }
}
