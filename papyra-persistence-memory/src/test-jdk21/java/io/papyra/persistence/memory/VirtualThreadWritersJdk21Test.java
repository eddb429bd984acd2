package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 virtual threads appending 100 records each lose nothing and keep each thread's order;
 * the stripes follow the writers alive at once, not the 10,000. Compiled with --release 21 from
 * src/test-jdk21 by a profile that the JDK activates (21 and later), so that JDK 17 neither
 * compiles nor reports it.
 */
class VirtualThreadWritersJdk21Test {

    @Test
    void tenThousandVirtualThreadsLoseNothingAndKeepTheirOrder() throws Exception {
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withRetention(RetentionPolicy.none()));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < ManyWritersTest.THREADS; w++) {
                int writer = w;
                executor.execute(() -> {
                    try {
                        for (int i = 0; i < ManyWritersTest.EACH; i++) {
                            backend.recordEvent(ManyWritersTest.record(writer, i));
                            if (i == ManyWritersTest.EACH / 2) {
                                Thread.yield(); // unmounts: other virtual threads append in between
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                if (w % 2_500 == 0) {
                    backend.listEvents(); // merges race with the writers
                }
            }
        }
        assertTrue(failures.isEmpty(), failures::toString);
        ManyWritersTest.assertEveryWriterWhole(backend.listEvents(), ManyWritersTest.THREADS, ManyWritersTest.EACH);
        assertEquals((long) ManyWritersTest.THREADS * ManyWritersTest.EACH, backend.metrics().snapshot().recordsWritten());
    }

    @Test
    void stripesFollowTheVirtualThreadsAliveAtOnce() throws Exception {
        StripedAppender appender = new StripedAppender();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < ManyWritersTest.THREADS; w++) {
                executor.execute(() -> {
                    for (int i = 0; i < ManyWritersTest.EACH; i++) {
                        appender.append(i);
                    }
                });
            }
        }
        long placed = appender.drain(new StripedAppenderTest.Positions());
        assertEquals((long) ManyWritersTest.THREADS * ManyWritersTest.EACH, placed);
        // Carriers are the CPUs; a virtual thread never unmounts inside an append, so few shared stripes are needed.
        assertTrue(appender.stripesInUse() <= StripedAppender.STRIPES + 64,
                "stripes: " + appender.stripesInUse() + " for 10,000 virtual threads");
    }
}
