package io.papyra.cli.internal;

import io.papyra.cli.internal.Values.RecordFormat;
import io.papyra.cli.internal.Values.ReportFormat;
import io.papyra.cli.internal.Values.Since;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.json.RecordCodec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/** {@code papyra inspect events|audits|dead-letters|summary}: read the three logs. */
final class InspectCommands {

    private static final RecordCodec CODEC = RecordCodec.standard();

    private InspectCommands() {
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print the records of one log, or a summary of the three. Opens the backend read-only.",
            subcommands = {Events.class, Audits.class, DeadLetters.class, Summary.class})
    static final class Inspect implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new CliException(ExitCode.USAGE, "name what to inspect: events, audits, dead-letters or summary");
        }
    }

    /** What the three record commands share: reading, filtering, formats and --follow. */
    abstract static class RecordsCommand<R extends PersistenceRecord> implements Callable<Integer> {
        final Environment env;

        @Mixin
        BackendOptions backend;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Print at most the N most recent matching records (default ${DEFAULT-VALUE}).")
        long limit;

        @Option(names = "--since", paramLabel = "WHEN", converter = Values.SinceConverter.class,
                description = "Only records at or after WHEN: an ISO-8601 instant (2026-01-01T00:00:00Z) or a"
                        + " duration back from now (30s, 15m, 2h, 1d).")
        Since since;

        @Option(names = "--system", paramLabel = "ID", description = "Only records of this actor system.")
        String system;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                converter = Values.RecordFormatConverter.class, completionCandidates = Values.RecordFormats.class,
                description = "table (default), json (one array) or ndjson (one record per line, the wire shape).")
        RecordFormat format;

        @Option(names = "--follow", description = "After the records so far, keep printing new ones as they are"
                + " appended, like tail -f, until --follow-timeout passes or the process is interrupted.")
        boolean follow;

        @Option(names = "--follow-timeout", paramLabel = "DURATION", converter = Values.DurationConverter.class,
                description = "Stop following after this long (15m, 2h, ...); without it, follow until interrupted.")
        Duration followTimeout;

        @Option(names = "--follow-interval", paramLabel = "DURATION", defaultValue = "1s",
                converter = Values.DurationConverter.class,
                description = "How often --follow polls the backend (default ${DEFAULT-VALUE}).")
        Duration followInterval;

        RecordsCommand(Environment env) {
            this.env = env;
        }

        abstract String noun();

        abstract List<R> read(PersistenceBackend backend, Query query);

        abstract List<String> header();

        abstract List<String> row(R record);

        /** The subcommand's own filters, and'ed with --system; null when it has none set. */
        abstract Predicate<R> ownFilter();

        @Override
        public Integer call() {
            if (limit < 0) {
                throw new CliException(ExitCode.USAGE, "--limit must be 0 or more, was " + limit);
            }
            if (follow && format == RecordFormat.JSON) {
                throw new CliException(ExitCode.USAGE, "--follow prints records as they come, which one JSON array"
                        + " cannot hold: use --format ndjson (or table) with --follow");
            }
            if (!follow && followTimeout != null) {
                throw new CliException(ExitCode.USAGE, "--follow-timeout applies only with --follow");
            }
            Predicate<R> own = ownFilter();
            Predicate<R> filter = own == null && system == null ? null
                    : r -> (system == null || r.systemId().equals(system)) && (own == null || own.test(r));
            try (PersistenceBackend opened = backend.open(env, true)) {
                Instant from = since == null ? null : since.resolve(env.clock());
                Query base = from == null ? Query.all() : Query.since(from);
                // The backend applies the limit itself only when nothing is filtered here and nothing is followed.
                boolean whole = filter != null || follow;
                List<R> records = select(opened, whole ? base : base.withLimit(limit), filter);
                List<R> shown = records.subList((int) Math.max(0, records.size() - Math.min(limit, records.size())),
                        records.size());
                PrintWriter out = env.out();
                if (format == RecordFormat.JSON) {
                    out.println(shown.isEmpty() ? "[]" : "[");
                    for (int i = 0; i < shown.size(); i++) {
                        out.println(CODEC.encodeToString(shown.get(i)) + (i < shown.size() - 1 ? "," : ""));
                    }
                    if (!shown.isEmpty()) {
                        out.println("]");
                    }
                } else {
                    print(out, shown, true);
                }
                out.flush();
                if (follow) {
                    follow(opened, base, filter, records);
                }
            }
            return ExitCode.OK;
        }

        private List<R> select(PersistenceBackend opened, Query query, Predicate<R> filter) {
            List<R> read = Reports.run(opened, "inspect " + noun(), null, () -> read(opened, query));
            if (filter == null) {
                return read;
            }
            List<R> kept = new ArrayList<>();
            for (R record : read) {
                if (filter.test(record)) {
                    kept.add(record);
                }
            }
            return kept;
        }

        private void print(PrintWriter out, List<R> records, boolean first) {
            if (format == RecordFormat.NDJSON) {
                records.forEach(r -> out.println(CODEC.encodeToString(r)));
                return;
            }
            if (records.isEmpty()) {
                if (first && !follow) {
                    out.println("(no " + noun() + ")");
                }
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            records.forEach(r -> rows.add(row(r)));
            Table.print(out, "", first ? header() : null, rows);
        }

        /**
         * Polls for records appended since the last poll: those at or after the newest timestamp seen,
         * minus those already printed at exactly that timestamp (compared by value). A record appended
         * later with an older timestamp than one already printed is not shown.
         */
        private void follow(PersistenceBackend opened, Query base, Predicate<R> filter, List<R> initial) {
            Cursor<R> cursor = new Cursor<>(base);
            cursor.advance(initial);
            Instant deadline = followTimeout == null ? null : env.clock().instant().plus(followTimeout);
            boolean header = initial.isEmpty();
            while (deadline == null || env.clock().instant().isBefore(deadline)) {
                try {
                    env.sleeper().sleep(followInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                List<R> fresh = cursor.advance(select(opened, cursor.query(), filter));
                if (!fresh.isEmpty()) {
                    print(env.out(), fresh, header);
                    header = false;
                    env.out().flush();
                }
            }
        }
    }

    /** Where --follow is: the newest timestamp seen and the records seen at it. */
    static final class Cursor<R extends PersistenceRecord> {
        private final Query base;
        private Instant last;
        private Map<R, Integer> seenAtLast = new HashMap<>();

        Cursor(Query base) {
            this.base = base;
        }

        Query query() {
            return last == null ? base : Query.since(last);
        }

        /** Returns the records of {@code polled} not seen before, and moves past them. */
        List<R> advance(List<R> polled) {
            List<R> fresh = new ArrayList<>();
            Map<R, Integer> unmatched = new HashMap<>(seenAtLast);
            for (R record : polled) {
                if (last != null && record.timestamp().isBefore(last)) {
                    continue;
                }
                if (last != null && record.timestamp().equals(last) && unmatched.getOrDefault(record, 0) > 0) {
                    unmatched.merge(record, -1, Integer::sum);
                    continue;
                }
                fresh.add(record);
            }
            for (R record : polled) {
                if (last == null || record.timestamp().isAfter(last)) {
                    last = record.timestamp();
                    seenAtLast = new HashMap<>();
                }
                if (record.timestamp().equals(last)) {
                    seenAtLast.merge(record, 1, Integer::sum);
                }
            }
            return fresh;
        }
    }

    private static String payload(Object payload) {
        return JsonValues.canonicalJson(payload);
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Print actor lifecycle events, oldest first.")
    static final class Events extends RecordsCommand<EventRecord> {
        @Option(names = "--actor", paramLabel = "ADDRESS", description = "Only events of this actor (local://1).")
        String actor;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (ActorCrashed).")
        String eventType;

        Events(Environment env) {
            super(env);
        }

        @Override
        String noun() {
            return "events";
        }

        @Override
        List<EventRecord> read(PersistenceBackend backend, Query query) {
            return backend.listEvents(query);
        }

        @Override
        List<String> header() {
            return List.of("TIMESTAMP", "SYSTEM", "ACTOR", "EVENT_TYPE", "PAYLOAD");
        }

        @Override
        List<String> row(EventRecord e) {
            return List.of(e.timestamp().toString(), e.systemId(), e.actorAddress(), e.eventType(), payload(e.payload()));
        }

        @Override
        Predicate<EventRecord> ownFilter() {
            if (actor == null && eventType == null) {
                return null;
            }
            return e -> (actor == null || e.actorAddress().equals(actor))
                    && (eventType == null || e.eventType().equals(eventType));
        }
    }

    @Command(name = "audits", mixinStandardHelpOptions = true, description = "Print audit snapshots, oldest first.")
    static final class Audits extends RecordsCommand<AuditRecord> {
        Audits(Environment env) {
            super(env);
        }

        @Override
        String noun() {
            return "audits";
        }

        @Override
        List<AuditRecord> read(PersistenceBackend backend, Query query) {
            return backend.listAudits(query);
        }

        @Override
        List<String> header() {
            return List.of("TIMESTAMP", "SYSTEM", "TOTAL", "ALIVE", "STOPPING", "RESTARTING", "REGISTRY",
                    "DEAD_LETTERS", "ORPHANS", "DEAD");
        }

        @Override
        List<String> row(AuditRecord a) {
            return List.of(a.timestamp().toString(), a.systemId(), "" + a.totalActors(), "" + a.aliveActors(),
                    "" + a.stoppingActors(), "" + a.restartingActors(), "" + a.registrySize(), "" + a.deadLetterCount(),
                    names(a.registryOrphans()), names(a.registryDead()));
        }

        private static String names(List<String> names) {
            return names.isEmpty() ? "-" : String.join(",", names);
        }

        @Override
        Predicate<AuditRecord> ownFilter() {
            return null;
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "Print dead letters (messages that could not be delivered), oldest first.")
    static final class DeadLetters extends RecordsCommand<DeadLetterRecord> {
        @Option(names = "--target", paramLabel = "ADDRESS", description = "Only dead letters sent to this address.")
        String target;

        @Option(names = "--message-type", paramLabel = "TYPE", description = "Only dead letters of this message type.")
        String messageType;

        DeadLetters(Environment env) {
            super(env);
        }

        @Override
        String noun() {
            return "dead letters";
        }

        @Override
        List<DeadLetterRecord> read(PersistenceBackend backend, Query query) {
            return backend.listDeadLetters(query);
        }

        @Override
        List<String> header() {
            return List.of("TIMESTAMP", "SYSTEM", "TARGET", "MESSAGE_TYPE", "PAYLOAD");
        }

        @Override
        List<String> row(DeadLetterRecord d) {
            return List.of(d.timestamp().toString(), d.systemId(), d.targetAddress() == null ? "-" : d.targetAddress(),
                    d.messageType(), payload(d.payload()));
        }

        @Override
        Predicate<DeadLetterRecord> ownFilter() {
            if (target == null && messageType == null) {
                return null;
            }
            return d -> (target == null || target.equals(d.targetAddress()))
                    && (messageType == null || d.messageType().equals(messageType));
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Count the records of each log, with their time span, event types and dead-letter types.")
    static final class Summary implements Callable<Integer> {
        private final Environment env;

        @Mixin
        BackendOptions backend;

        @Option(names = "--since", paramLabel = "WHEN", converter = Values.SinceConverter.class,
                description = "Only records at or after WHEN: an ISO-8601 instant or a duration back from now (15m).")
        Since since;

        @Option(names = "--system", paramLabel = "ID", description = "Only records of this actor system.")
        String system;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                converter = Values.ReportFormatConverter.class, completionCandidates = Values.ReportFormats.class,
                description = "table (default) or json.")
        ReportFormat format;

        Summary(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            try (PersistenceBackend opened = backend.open(env, true)) {
                Instant from = since == null ? null : since.resolve(env.clock());
                Query query = from == null ? Query.all() : Query.since(from);
                List<EventRecord> events = mine(Reports.run(opened, "inspect summary", null, () -> opened.listEvents(query)));
                List<AuditRecord> audits = mine(Reports.run(opened, "inspect summary", null, () -> opened.listAudits(query)));
                List<DeadLetterRecord> deadLetters =
                        mine(Reports.run(opened, "inspect summary", null, () -> opened.listDeadLetters(query)));
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("backend", opened.name());
                summary.put("events", log(events, "by_event_type", EventRecord::eventType));
                summary.put("audits", log(audits, null, null));
                summary.put("dead_letters", log(deadLetters, "by_message_type", DeadLetterRecord::messageType));
                if (format == ReportFormat.JSON) {
                    env.out().println(JsonValues.canonicalJson(summary));
                } else {
                    printTable(summary);
                }
            }
            return ExitCode.OK;
        }

        private <R extends PersistenceRecord> List<R> mine(List<R> records) {
            if (system == null) {
                return records;
            }
            List<R> kept = new ArrayList<>();
            records.stream().filter(r -> r.systemId().equals(system)).forEach(kept::add);
            return kept;
        }

        private static <R extends PersistenceRecord> Map<String, Object> log(List<R> records, String byName,
                                                                             Function<R, String> key) {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("count", (long) records.size());
            Instant first = null;
            Instant last = null;
            for (R record : records) {
                first = first == null || record.timestamp().isBefore(first) ? record.timestamp() : first;
                last = last == null || record.timestamp().isAfter(last) ? record.timestamp() : last;
            }
            log.put("first", first == null ? null : first.toString());
            log.put("last", last == null ? null : last.toString());
            if (byName != null) {
                Map<String, Long> counts = new TreeMap<>();
                records.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
                log.put(byName, new LinkedHashMap<String, Object>(counts));
            }
            return log;
        }

        @SuppressWarnings("unchecked")
        private void printTable(Map<String, Object> summary) {
            PrintWriter out = env.out();
            out.println("backend " + summary.get("backend"));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("LOG", "COUNT", "FIRST", "LAST", "BY TYPE"));
            for (String name : List.of("events", "audits", "dead_letters")) {
                Map<String, Object> log = (Map<String, Object>) summary.get(name);
                Object first = log.get("first");
                Object last = log.get("last");
                Map<String, Object> byType = (Map<String, Object>) log.getOrDefault("by_event_type",
                        log.get("by_message_type"));
                StringBuilder types = new StringBuilder();
                if (byType != null) {
                    byType.forEach((type, count) -> types.append(types.length() == 0 ? "" : ", ").append(type)
                            .append(' ').append(count));
                }
                rows.add(List.of(name.replace('_', ' '), String.valueOf(log.get("count")),
                        first == null ? "-" : first.toString(), last == null ? "-" : last.toString(),
                        types.length() == 0 ? "-" : types.toString()));
            }
            Table.print(out, "", null, rows);
        }
    }
}
