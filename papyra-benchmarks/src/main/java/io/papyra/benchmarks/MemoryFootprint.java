package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Goal 5: the memory backend's own heap per record, beyond the records, and what
 * {@code compact()} gives back. Not JMH: heap sizes after full collections
 * ({@code System.gc()} several times, then {@link java.lang.management.MemoryMXBean}).
 *
 * <pre>
 * java -Xms4g -Xmx4g -cp papyra-benchmarks/target/benchmarks.jar io.papyra.benchmarks.MemoryFootprint [records [boundedAppends]]
 * </pre>
 *
 * <ol>
 *   <li>Heap with {@code n} events held by an array: the records alone (array excluded).</li>
 *   <li>Heap once a backend holds the same instances too, and has been read once (a backend may
 *       organise its appends lazily, on the first read): the difference is the backend's own
 *       overhead (its structure, counters, cached sizes...), since the records are shared. The
 *       figure before that first read is printed too.</li>
 *   <li>With the array gone, a backend under {@code maxRecords = 1000} is filled with {@code n}
 *       new events (held by nothing else), then compacted: the heap should come back to about
 *       where it started, plus 1000 records.</li>
 *   <li>Retention bounds memory (issue 8): under {@code maxRecords = 1000} and under
 *       {@code maxTotalBytes = 1 MiB}, {@code boundedAppends} appends (20 M by default) with no read:
 *       the heap the backend holds beyond its retained records' own size, goal at most 2 MiB.</li>
 * </ol>
 * Events have an empty payload and shared strings, so a record is its object plus its
 * {@link Instant}; the point is the backend's overhead, not the records'.
 */
public final class MemoryFootprint {

    static final int KEEP = 1000;
    private static final List<String> JVM = List.of("-Xms4g", "-Xmx4g");

    private MemoryFootprint() {
    }

    /**
     * Measures and prints.
     *
     * @param args the number of records (default 10,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        long bounded = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
        // A first, small round loads and initialises every class involved (method handles, var
        // handles, the JDK's caches), so that their heap is in every measurement, not only the later ones.
        measure(10_000);
        measureBounded(100_000);
        System.out.print(measure(n));
        System.out.print(measureBounded(bounded));
    }

    /** Issue 8's goal: heap held beyond the retained records' own size, after appends with no read. */
    static final long BOUNDED_GOAL = 2L << 20;

    /**
     * Retention bounds memory: a backend under {@code maxRecords = 1000}, then one under
     * {@code maxTotalBytes = 1 MiB}, takes {@code n} appends of new events (held by nothing else)
     * and is measured with no read and no compaction; then the records it retains are read, and
     * the heap of as many records alone is measured. Goal: the backend holds at most 2 MiB beyond them.
     */
    private static String measureBounded(long n) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Retention bounds memory: %,d appends, no read, no compaction%n", n));
        for (RetentionPolicy policy : List.of(RetentionPolicy.none().withMaxRecords(KEEP),
                RetentionPolicy.none().withMaxTotalBytes(1L << 20))) {
            long start = usedAfterGc();
            PersistenceBackend backend = Backends.memory(BackendConfig.defaults().withRetention(policy));
            for (long i = 0; i < n; i++) {
                backend.recordEvent(event((int) i));
            }
            long filled = usedAfterGc();
            Reference.reachabilityFence(backend);
            int retained = backend.listEvents().size();
            long recordsAlone = heapOfRecords(retained);
            long beyond = filled - start - recordsAlone;
            out.append(String.format(Locale.ROOT, "  %s: heap +%,d bytes; its %,d retained records alone %,d;"
                            + " beyond them %,d bytes (goal <= %,d): %s%n", policy, filled - start, retained,
                    recordsAlone, beyond, BOUNDED_GOAL, beyond <= BOUNDED_GOAL ? "met" : "MISSED"));
        }
        return out.toString();
    }

    /** Heap of {@code n} events like those appended, the array that holds them excluded. */
    private static long heapOfRecords(int n) {
        long before = usedAfterGc();
        EventRecord[] records = new EventRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = event(i);
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(records);
        return Math.max(0, after - before - (16 + 4L * n));
    }

    private static String measure(int n) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Memory footprint, %,d events, JDK %s, heap %,d MiB%n", n,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));

        long empty = usedAfterGc();
        EventRecord[] records = new EventRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = event(i);
        }
        long withRecords = usedAfterGc();
        long arrayBytes = 16 + 4L * n; // header + compressed references; exact enough at this size
        double recordBytes = (double) (withRecords - empty - arrayBytes) / n;

        PersistenceBackend backend = Backends.memory();
        for (EventRecord record : records) {
            backend.recordEvent(record);
        }
        long appended = usedAfterGc();
        if (backend.listEvents().size() != n) {
            throw new IllegalStateException("the backend lost records");
        }
        long read = usedAfterGc();
        double overhead = (double) (read - withRecords) / n;
        out.append(String.format(Locale.ROOT, "heap, empty:                          %,12d bytes%n", empty));
        out.append(String.format(Locale.ROOT, "records alone (array excluded):       %12.1f bytes/record%n", recordBytes));
        out.append(String.format(Locale.ROOT, "backend overhead beyond the records:  %12.1f bytes/record  (goal <= 16;"
                + " after a read; %.1f before any read)%n", overhead, (double) (appended - withRecords) / n));
        // Compiled code may consider a local dead after its last use and let the collector take it
        // during a measurement: keep both reachable up to here.
        Reference.reachabilityFence(records);
        Reference.reachabilityFence(backend);
        backend = null;
        records = null;

        long start = usedAfterGc();
        backend = Backends.memory(BackendConfig.defaults().withRetention(RetentionPolicy.none().withMaxRecords(KEEP)));
        for (int i = 0; i < n; i++) {
            backend.recordEvent(event(i));
        }
        backend.listEvents(Query.latest(1));
        long filled = usedAfterGc();
        CompactionReport report = backend.compact();
        long compacted = usedAfterGc();
        Reference.reachabilityFence(backend);
        out.append(String.format(Locale.ROOT, "compact() under maxRecords=%d: %s%n", KEEP, report));
        out.append(String.format(Locale.ROOT, "  heap before filling:  %,14d bytes%n", start));
        out.append(String.format(Locale.ROOT, "  after %,d appends:  %,14d bytes  (+%,d)%n", n, filled, filled - start));
        out.append(String.format(Locale.ROOT, "  after compact():      %,14d bytes  (+%,d above the start, %.1f%% of the fill"
                + " kept; %d records of ~%.0f bytes stay)%n", compacted, compacted - start,
                100.0 * (compacted - start) / Math.max(1, filled - start), KEEP, recordBytes + overhead));
        if (backend.listEvents().size() != KEEP) {
            throw new IllegalStateException("compaction kept " + backend.listEvents().size() + " records");
        }
        return out.toString();
    }

    private static EventRecord event(int i) {
        return new EventRecord("orders", "local://1", "ActorStarted", Map.of(), Fixtures.EPOCH.plusNanos(i));
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Runs {@link #main} in a new JVM with its own fixed heap, on this JVM's class path.
     *
     * @param records        how many records for the overhead and compaction figures
     * @param boundedAppends how many appends for the retention-bounds-memory figures
     * @return what it printed
     */
    static String runForked(int records, long boundedAppends) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryFootprint.class.getName(),
                Integer.toString(records), Long.toString(boundedAppends)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("MemoryFootprint failed:\n" + text);
        }
        return text;
    }
}
