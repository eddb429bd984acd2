package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryMode;

import java.time.Duration;
import java.time.Instant;

/**
 * One operation of a model-based sequence. Every operation carries absolute values (the record
 * itself, the instant the clock is set to, the query), so that any sub-sequence of a sequence
 * replays deterministically: that is what lets the shrinker drop operations freely.
 */
sealed interface Op permits Op.Append, Op.Advance, Op.SetClock, Op.Read, Op.Compact, Op.Scan, Op.Recover,
        Op.Reset, Op.Close {

    /** The instant that descriptions measure offsets from: where the kit's clock starts. */
    Instant ORIGIN = ManualClock.DEFAULT_START;

    /** Returns a short, readable description for failure messages. */
    String describe();

    /** Appends {@code record} to {@code log}. */
    record Append(LogKind log, PersistenceRecord record) implements Op {
        @Override
        public String describe() {
            return "append " + log + " " + Op.describe(record);
        }
    }

    /** Moves the clock forward by {@code amount}. */
    record Advance(Duration amount) implements Op {
        @Override
        public String describe() {
            return "advance the clock by " + seconds(amount.toNanos());
        }
    }

    /** Sets the clock to {@code instant}, possibly back. */
    record SetClock(Instant instant) implements Op {
        @Override
        public String describe() {
            return "set the clock to " + offset(instant);
        }
    }

    /** Reads {@code log} with {@code query} and compares with the model. */
    record Read(LogKind log, Query query) implements Op {
        @Override
        public String describe() {
            return "read " + log + " with " + Op.describe(query);
        }
    }

    /** Compacts the backend. */
    record Compact() implements Op {
        @Override
        public String describe() {
            return "compact()";
        }
    }

    /** Scans the backend. */
    record Scan() implements Op {
        @Override
        public String describe() {
            return "scan()";
        }
    }

    /** Recovers the backend in {@code mode}. */
    record Recover(RecoveryMode mode) implements Op {
        @Override
        public String describe() {
            return "recover(" + mode + ")";
        }
    }

    /** Resets the backend's metrics. */
    record Reset() implements Op {
        @Override
        public String describe() {
            return "metrics().reset()";
        }
    }

    /** Closes the backend (again, possibly). */
    record Close() implements Op {
        @Override
        public String describe() {
            return "close()";
        }
    }

    /** Describes a kit-built record by its system id, timestamp offset and size: {@code tck-7@+3.2s(51B)}. */
    static String describe(PersistenceRecord record) {
        return record == null ? "null" : record.systemId() + "@" + offset(record.timestamp()) + "(" + record.sizeInBytes() + "B)";
    }

    /** Describes a query with timestamps as offsets from {@link #ORIGIN}. */
    static String describe(Query query) {
        Instant since = query.since();
        if (!query.hasLimit() && since == null) {
            return "Query.all()";
        }
        StringBuilder text = new StringBuilder();
        if (since != null) {
            text.append("since ").append(offset(since));
        }
        if (query.hasLimit()) {
            text.append(text.length() == 0 ? "" : ", ").append("latest ").append(query.limit());
        }
        return text.toString();
    }

    /** Describes {@code instant} as an offset from {@link #ORIGIN}, for example {@code +3.200s}. */
    static String offset(Instant instant) {
        Duration offset = Duration.between(ORIGIN, instant);
        long nanos = offset.toNanos();
        return (nanos < 0 ? "-" : "+") + seconds(Math.abs(nanos));
    }

    private static String seconds(long nanos) {
        long whole = nanos / 1_000_000_000L;
        long fraction = nanos % 1_000_000_000L;
        if (fraction % 1_000_000L == 0) {
            return String.format("%d.%03ds", whole, fraction / 1_000_000L);
        }
        return String.format("%d.%09ds", whole, fraction);
    }
}
