package io.papyra.persistence.memory;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Two writers append two records each, one of them merging between its two (two actors, so that
 * it runs on two CPUs): every record is placed exactly once,
 * each writer's in its order, whatever the merge saw (records still being stored are placed by the
 * next merge). r1: records the racing merge placed (b1 and what A had published); r2: records
 * placed in the end (4) or -1.
 */
@JCStressTest
@Outcome(id = {"1, 4", "2, 4", "3, 4"}, expect = Expect.ACCEPTABLE, desc = "all four, once each, each writer in order")
@Outcome(expect = Expect.FORBIDDEN, desc = "a record lost, duplicated or out of its writer's order")
@State
public class ConcurrentMergesLoseNothing {
    private final StripedAppender appender = new StripedAppender();
    private final Slots slots = new Slots();
    private final Object a1 = new Object();
    private final Object a2 = new Object();
    private final Object b1 = new Object();
    private final Object b2 = new Object();

    @Actor
    public void writerA() {
        appender.append(a1);
        appender.append(a2);
    }

    @Actor
    public void writerB(JJ_Result r) {
        appender.append(b1);
        r.r1 = appender.drain(slots);
        appender.append(b2);
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        long placed = appender.drain(slots);
        boolean ok = slots.holdsEachOnce(placed, a1, a2, b1, b2)
                && slots.indexOf(a1, placed) < slots.indexOf(a2, placed)
                && slots.indexOf(b1, placed) < slots.indexOf(b2, placed);
        r.r2 = ok ? placed : -1;
    }
}
