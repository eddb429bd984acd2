package io.papyra.persistence.memory;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * A read of the whole log (merge, then copy under the read lock) and a compaction racing with a
 * writer: the read returns whole records, each writer's a prefix of its appends in its order, and
 * the final read holds all three. Two actors, so that it runs on two CPUs. r1: records the racing
 * read returned; r2: 1 if everything held.
 */
@JCStressTest
@Outcome(id = {"1, 1", "2, 1", "3, 1"}, expect = Expect.ACCEPTABLE, desc = "a prefix of each writer, all in the end")
@Outcome(expect = Expect.FORBIDDEN, desc = "a torn read, a writer's records out of order or a record lost")
@State
public class ReadsArePrefixes {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final EventRecord A1 = new EventRecord("s", "a", "E", Map.of(), T);
    private static final EventRecord A2 = new EventRecord("s", "a", "E", Map.of(), T.plusSeconds(1));
    private static final EventRecord B1 = new EventRecord("s", "b", "E", Map.of(), T);

    private final ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(8),
            InstantSource.fixed(T));
    private List<EventRecord> read;

    @Actor
    public void writerA() {
        log.append(A1);
        log.append(A2);
    }

    @Actor
    public void writerB() {
        log.append(B1);
        read = log.read(Query.all());
        log.compact();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        List<EventRecord> all = log.read(Query.all());
        boolean ok = prefixes(read) && all.size() == 3 && prefixes(all) && all.containsAll(read);
        r.r1 = read.size();
        r.r2 = ok ? 1 : 0;
    }

    /** A's records are A1 or A1 A2, in that order; B1 at most once; nothing else. */
    private static boolean prefixes(List<EventRecord> records) {
        int a = 0;
        int b = 0;
        for (EventRecord e : records) {
            if (e == A1 && a == 0 || e == A2 && a == 1) {
                a++;
            } else if (e == B1 && b == 0) {
                b++;
            } else {
                return false;
            }
        }
        return true;
    }
}
