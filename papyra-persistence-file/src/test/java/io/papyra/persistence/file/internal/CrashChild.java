package io.papyra.persistence.file.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.file.FilePersistence;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The crash harness's child process: opens a directory, continues each writer thread's sequence
 * from what the log holds, and appends until it is killed, printing {@code ack <thread> <seq>}
 * after each append returned. In mode {@code compact} the main thread also compacts in a loop
 * (retention: the newest {@value #KEEP} records), printing {@code compacting} and {@code compacted}.
 *
 * <p>Arguments: directory, fsync policy, mode ({@code append} or {@code compact}), writer threads.
 */
public final class CrashChild {

    static final int KEEP = 300;

    private CrashChild() {
    }

    static BackendConfig config(Path dir, String fsync, boolean compact) {
        BackendConfig config = Logs.config(dir, fsync).withOption("segment_bytes", "16384")
                .withOption("fsync_interval_ms", "20");
        return compact ? config.withRetention(RetentionPolicy.none().withMaxRecords(KEEP)) : config;
    }

    static EventRecord event(int thread, long seq) {
        return new EventRecord("crash", "local://" + thread, "Tick", Map.of("t", (long) thread, "seq", seq),
                Logs.T0.plusMillis(seq));
    }

    static int thread(EventRecord e) {
        return ((Long) e.payload().get("t")).intValue();
    }

    static long seq(EventRecord e) {
        return (Long) e.payload().get("seq");
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String fsync = args[1];
        boolean compact = args[2].equals("compact");
        int threads = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        FilePersistence backend = new FilePersistence(config(dir, fsync, compact));
        long[] next = new long[threads];
        for (EventRecord e : backend.listEvents(Query.all())) {
            next[thread(e)] = Math.max(next[thread(e)], seq(e) + 1);
        }
        out.println("ready");
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long i = next[thread]; ; i++) {
                    backend.recordEvent(event(thread, i));
                    synchronized (out) {
                        out.println("ack " + thread + " " + i);
                    }
                }
            });
            writer.start();
        }
        while (compact) {
            synchronized (out) {
                out.println("compacting");
            }
            backend.compact();
            synchronized (out) {
                out.println("compacted");
            }
        }
        Thread.currentThread().join();
    }
}
