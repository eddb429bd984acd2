package io.papyra.persistence.tck;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of a backend's three logs: the parameter of the kit's tests that run once for each log, so
 * that every clause of the contract is tested against each log through the same test code. Its
 * {@link #toString()} is the log's name in failure messages ({@code events}, {@code audits},
 * {@code dead letters}).
 *
 * <p>The kit builds, appends and reads records of a log through package-private methods of its
 * constants; each record the kit builds carries its sequence number in its system id, so records
 * are distinct and a test can tell which one it is looking at.
 *
 * @since 0.2
 */
public enum LogKind {

    /** The actor lifecycle events: {@link PersistenceBackend#recordEvent} and {@link PersistenceBackend#listEvents(Query)}. */
    EVENTS("events") {
        @Override
        PersistenceRecord record(String systemId, int seq, Instant timestamp, String padding) {
            return new EventRecord(systemId, "local://" + seq, "ActorStarted",
                    Map.of("seq", Integer.toString(seq), "pad", padding), timestamp);
        }

        @Override
        List<PersistenceRecord> variety(Instant timestamp) {
            return List.of(
                    new EventRecord("sys", "local://1", "ActorStarted", Map.of(), timestamp),
                    new EventRecord("système-ü", "remote://host:25520/user/π", "ActorCrashed",
                            Map.of("reason", "Ошибка 💥", "", "empty key"), timestamp.plusNanos(1)),
                    new EventRecord("", "", "", Map.of("k", ""), timestamp.minusSeconds(3600)),
                    new EventRecord("sys-json", "local://2", "ActorCrashed", json("attempt", 3, "fatal", false,
                            "cause", null, "ratio", 0.1, "huge", 1.0e21, "tiny", 1.0e-5, "min", Long.MIN_VALUE,
                            "beyond long", new BigInteger("123456789012345678901234567890"),
                            "nested", json("list", Arrays.asList(1, null, "two", json(), List.of()), "empty", json()),
                            "text", TRICKY_TEXT), timestamp.plusNanos(2)),
                    new EventRecord(TRICKY_TEXT, TRICKY_TEXT, TRICKY_TEXT, json(TRICKY_TEXT, TRICKY_TEXT),
                            timestamp.plusNanos(3)));
        }

        @Override
        void append(PersistenceBackend backend, PersistenceRecord record) {
            backend.recordEvent((EventRecord) record);
        }

        @Override
        void appendNull(PersistenceBackend backend) {
            backend.recordEvent(null);
        }

        @Override
        List<? extends PersistenceRecord> read(PersistenceBackend backend, Query query) {
            return backend.listEvents(query);
        }

        @Override
        List<? extends PersistenceRecord> readAll(PersistenceBackend backend) {
            return backend.listEvents();
        }
    },

    /** The audit snapshots: {@link PersistenceBackend#recordAudit} and {@link PersistenceBackend#listAudits(Query)}. */
    AUDITS("audits") {
        @Override
        PersistenceRecord record(String systemId, int seq, Instant timestamp, String padding) {
            return new AuditRecord(systemId, timestamp, seq, seq, 0, 0, seq,
                    padding.isEmpty() ? List.of() : List.of(padding), List.of(), seq);
        }

        @Override
        List<PersistenceRecord> variety(Instant timestamp) {
            return List.of(
                    new AuditRecord("sys", timestamp, 0, 0, 0, 0, 0, List.of(), List.of(), 0),
                    new AuditRecord("système-ü", timestamp.plusNanos(1), 12, 9, 2, 1, 14,
                            List.of("orphan-π", "orphan-2"), List.of("dead-💥"), Long.MAX_VALUE),
                    new AuditRecord("", timestamp.minusSeconds(3600), Integer.MAX_VALUE, 1, 1, 1,
                            Integer.MAX_VALUE, List.of(""), List.of("", ""), 7),
                    new AuditRecord(TRICKY_TEXT, timestamp.plusNanos(2), 1, 1, 0, 0, 1, List.of(TRICKY_TEXT),
                            List.of("\u0000", "\"\\"), 0));
        }

        @Override
        void append(PersistenceBackend backend, PersistenceRecord record) {
            backend.recordAudit((AuditRecord) record);
        }

        @Override
        void appendNull(PersistenceBackend backend) {
            backend.recordAudit(null);
        }

        @Override
        List<? extends PersistenceRecord> read(PersistenceBackend backend, Query query) {
            return backend.listAudits(query);
        }

        @Override
        List<? extends PersistenceRecord> readAll(PersistenceBackend backend) {
            return backend.listAudits();
        }
    },

    /**
     * The dead letters: {@link PersistenceBackend#recordDeadLetter} and
     * {@link PersistenceBackend#listDeadLetters(Query)}.
     */
    DEAD_LETTERS("dead letters") {
        @Override
        PersistenceRecord record(String systemId, int seq, Instant timestamp, String padding) {
            return new DeadLetterRecord(systemId, "local://" + seq, "Ping",
                    Map.of("seq", Integer.toString(seq), "pad", padding), timestamp);
        }

        @Override
        List<PersistenceRecord> variety(Instant timestamp) {
            return List.of(
                    new DeadLetterRecord("sys", null, "Ping", Map.of(), timestamp),
                    new DeadLetterRecord("système-ü", "remote://host:25520/user/π", "PlaceOrder",
                            Map.of("orderId", "42", "note", "Ошибка 💥"), timestamp.plusNanos(1)),
                    new DeadLetterRecord("", "", "", Map.of("", ""), timestamp.minusSeconds(3600)),
                    new DeadLetterRecord("sys-string", null, "Ping", "ping " + TRICKY_TEXT, timestamp.plusNanos(2)),
                    new DeadLetterRecord("sys-list", "local://3", "Batch", Arrays.asList(1, -2.5, null, true,
                            json("k", List.of())), timestamp.plusNanos(3)),
                    new DeadLetterRecord("sys-number", "local://4", "Tick", new BigInteger("-98765432109876543210"),
                            timestamp.plusNanos(4)),
                    new DeadLetterRecord("sys-double", "", "Tick", 0.1, timestamp.plusNanos(5)),
                    new DeadLetterRecord("sys-boolean", null, "Flag", false, timestamp.plusNanos(6)),
                    new DeadLetterRecord("sys-null", null, "Nothing", null, timestamp.plusNanos(7)),
                    new DeadLetterRecord("sys-empty", null, "Empty", json(), timestamp.plusNanos(8)));
        }

        @Override
        void append(PersistenceBackend backend, PersistenceRecord record) {
            backend.recordDeadLetter((DeadLetterRecord) record);
        }

        @Override
        void appendNull(PersistenceBackend backend) {
            backend.recordDeadLetter(null);
        }

        @Override
        List<? extends PersistenceRecord> read(PersistenceBackend backend, Query query) {
            return backend.listDeadLetters(query);
        }

        @Override
        List<? extends PersistenceRecord> readAll(PersistenceBackend backend) {
            return backend.listDeadLetters();
        }
    };

    /**
     * Text that storage gets wrong most easily: quotes, backslashes, control characters, a line
     * separator, non-ASCII letters and astral-plane emoji (but no lone surrogate, which a text
     * backend may replace).
     */
    static final String TRICKY_TEXT = "quote \" backslash \\ tab \t newline \n nul \u0000 bell \u0007 unit \u001f "
            + "del \u007f line sep \u2028 bom \ufeff Zürich 日本 😀 𝄞 </script>";

    private final String label;

    LogKind(String label) {
        this.label = label;
    }

    /** Builds a record of this log; {@code padding} only adds to its size. */
    abstract PersistenceRecord record(String systemId, int seq, Instant timestamp, String padding);

    /**
     * Records with unusual but valid field values: empty strings, non-ASCII and astral text, quotes,
     * backslashes and control characters, absent target, extreme counts, structured payloads with
     * numbers of every kind, and dead-letter payloads that are not maps.
     */
    abstract List<PersistenceRecord> variety(Instant timestamp);

    /** Appends {@code record}, which must have been built by this constant. */
    abstract void append(PersistenceBackend backend, PersistenceRecord record);

    /** Appends null to this log. */
    abstract void appendNull(PersistenceBackend backend);

    /** Reads this log with {@code query} (which may be null, to test the refusal). */
    abstract List<? extends PersistenceRecord> read(PersistenceBackend backend, Query query);

    /** Reads this log with the no-argument default method. */
    abstract List<? extends PersistenceRecord> readAll(PersistenceBackend backend);

    /** A map of the given keys and values, in that order; values may be null (JSON's null). */
    static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Returns record number {@code seq} of this log, stamped {@code timestamp}. */
    PersistenceRecord record(int seq, Instant timestamp) {
        return record("tck-" + seq, seq, timestamp, "");
    }

    /** Returns record number {@code seq} of writer {@code writer}, for the concurrency tests. */
    PersistenceRecord tagged(int writer, int seq, Instant timestamp) {
        return record("tck-w" + writer + "-" + seq, seq, timestamp, "");
    }

    /** Returns the writer of a record built by {@link #tagged}. */
    static int writerOf(PersistenceRecord record) {
        String id = record.systemId();
        return Integer.parseInt(id.substring("tck-w".length(), id.lastIndexOf('-')));
    }

    /** Returns the sequence number of a record built by {@link #tagged}. */
    static int seqOf(PersistenceRecord record) {
        String id = record.systemId();
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }

    /**
     * Returns record number {@code seq} of this log whose {@link PersistenceRecord#sizeInBytes()}
     * is exactly {@code size}, padding it with ASCII characters.
     *
     * @throws IllegalArgumentException if the record is bigger than {@code size} without padding
     */
    PersistenceRecord sized(int seq, Instant timestamp, long size) {
        long base = record(seq, timestamp).sizeInBytes();
        if (size < base) {
            throw new IllegalArgumentException("a " + label + " record needs at least " + base + " bytes, asked " + size);
        }
        PersistenceRecord sized = record("tck-" + seq, seq, timestamp, "x".repeat((int) (size - base)));
        if (sized.sizeInBytes() != size) {
            throw new IllegalStateException("TCK fixture bug: built a " + label + " record of "
                    + sized.sizeInBytes() + " bytes, wanted " + size);
        }
        return sized;
    }

    /**
     * Returns the log's name as failure messages write it: {@code events}, {@code audits} or
     * {@code dead letters}.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return label;
    }
}
