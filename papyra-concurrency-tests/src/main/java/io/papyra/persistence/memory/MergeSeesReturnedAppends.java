package io.papyra.persistence.memory;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A merge sees every append that returned before it started: a writer appends, then raises a
 * flag; a merger that sees the flag must place the record.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "flag seen, record placed")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "flag not seen yet, record placed anyway")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "the merge ran before the append")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "an append that returned before the merge started is missing")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class MergeSeesReturnedAppends {
    private final StripedAppender appender = new StripedAppender();
    private final Slots slots = new Slots();
    private final Object record = new Object();
    private volatile int appended;

    @Actor
    public void writer() {
        appender.append(record);
        appended = 1;
    }

    @Actor
    public void merger(II_Result r) {
        int seen = appended;
        long placed = appender.drain(slots);
        r.r1 = seen;
        r.r2 = placed == 1 && slots.positions[0] == record ? 1 : placed == 0 ? 0 : -1;
    }
}
