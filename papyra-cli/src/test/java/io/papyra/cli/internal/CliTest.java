package io.papyra.cli.internal;

import io.papyra.cli.internal.FixtureProvider.Store;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.Capability;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.json.RecordCodec;
import io.papyra.persistence.junit.ManualClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands run in-process with captured output, against the test's {@code fixture} backend
 * (whose state the test writes) and the real memory backend.
 */
class CliTest {

    private static final RecordCodec CODEC = RecordCodec.standard();
    private static final Instant T0 = ManualClock.DEFAULT_START;

    private final ManualClock clock = new ManualClock();
    private final String storeName = "cli-" + UUID.randomUUID();
    private Store store;

    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    @BeforeEach
    void createStore() {
        store = Store.named(storeName);
    }

    @AfterEach
    void dropStore() {
        store.backends.forEach(backend -> assertTrue(backend.isClosed(), "every backend a command opened is closed"));
        Store.drop(storeName);
    }

    private Result run(Sleeper sleeper, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(new PrintWriter(out), new PrintWriter(err), clock, sleeper,
                PersistenceBackends::discover);
        int code = new Cli(env).execute(args);
        return new Result(code, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    private Result run(String... args) {
        return run(duration -> {
            throw new AssertionError("this command must not sleep");
        }, args);
    }

    /** {@code args} followed by the options that open this test's fixture store. */
    private String[] onFixture(String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--backend", "fixture", "--option", "store=" + storeName))
                .toArray(String[]::new);
    }

    private static void assertOneLineError(Result result, int code, String... fragments) {
        assertEquals(code, result.code(), () -> "exit code; stderr: " + result.err() + " stdout: " + result.out());
        assertEquals(1, result.err().strip().split("\n").length, () -> "one line: " + result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment), () -> "'" + fragment + "' in: " + result.err());
        }
    }

    private EventRecord event(String actor, String type, int second) {
        return new EventRecord("orders", actor, type, Map.of("n", second), T0.plusSeconds(second));
    }

    private static <R extends PersistenceRecord> List<R> decodeLines(String text, Class<R> type) {
        return text.lines().filter(line -> !line.isBlank()).map(line -> CODEC.decode(line.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), type)).collect(Collectors.toList());
    }

    @Nested
    @DisplayName("help, usage errors and exit codes")
    class Usage {
        @Test
        void helpListsTheCommandsAndTheExitCodes() {
            Result result = run("--help");
            assertEquals(0, result.code());
            for (String text : List.of("inspect", "scan", "recover", "compact", "startup-check", "doctor", "metrics",
                    "completion", "Exit codes:", "Anomalies found", "Anomalies remain after recovery",
                    "Backend unreachable or cannot be opened", "Usage error")) {
                assertTrue(result.out().contains(text), () -> text + " in " + result.out());
            }
            Result sub = run("scan", "--help");
            assertEquals(0, sub.code());
            assertTrue(sub.out().contains("Exit codes:") && sub.out().contains("--path=DIR"), sub.out());
        }

        @Test
        void versionNamesTheProgram() {
            Result result = run("--version");
            assertEquals(0, result.code());
            assertTrue(result.out().startsWith("papyra "), result.out());
        }

        @Test
        void noCommandIsAUsageError() {
            Result result = run();
            assertEquals(ExitCode.USAGE, result.code());
            assertTrue(result.err().contains("papyra: name a command"), result.err());
        }

        @Test
        void unknownCommandsOptionsAndValuesAreOneLineUsageErrors() {
            assertOneLineError(run("frobnicate"), ExitCode.USAGE, "Unmatched argument", "see 'papyra --help'");
            assertOneLineError(run(onFixture("scan", "--colour")), ExitCode.USAGE, "Unknown option: '--colour'",
                    "see 'papyra scan --help'");
            assertOneLineError(run(onFixture("inspect", "dead-letters", "--event-type", "X")), ExitCode.USAGE,
                    "Unknown options: '--event-type'");
            assertOneLineError(run(onFixture("inspect", "events", "--format", "xml")), ExitCode.USAGE,
                    "'xml' is not one of [table, json, ndjson]");
            assertOneLineError(run(onFixture("inspect", "events", "--since", "yesterday")), ExitCode.USAGE,
                    "'yesterday' is neither an ISO-8601 instant such as 2026-01-01T00:00:00Z nor a duration");
            assertOneLineError(run(onFixture("inspect", "events", "--limit", "-1")), ExitCode.USAGE,
                    "--limit must be 0 or more, was -1");
            assertOneLineError(run(onFixture("recover")), ExitCode.USAGE, "Missing required option: '--mode=MODE'");
            assertOneLineError(run(onFixture("recover", "--mode", "fix")), ExitCode.USAGE,
                    "'fix' is not one of [ignore, repair, quarantine, rebuild]");
            assertOneLineError(run(onFixture("recover", "--mode", "repair", "--quarantine", "/q")), ExitCode.USAGE,
                    "--quarantine applies only with recovery mode quarantine, not repair");
            assertOneLineError(run(onFixture("inspect", "events", "--follow-timeout", "0s")), ExitCode.USAGE,
                    "'0s' must be a positive duration");
        }

        @Test
        void backendChoiceErrorsSayWhatToDo() {
            assertOneLineError(run("scan"), ExitCode.USAGE, "no backend named: add --backend NAME");
            assertOneLineError(run("scan", "--backend", "nosuch"), ExitCode.USAGE,
                    "cannot open backend 'nosuch': Unknown persistence backend 'nosuch'; backends found: [file, fixture, memory, redis]");
            assertOneLineError(run("scan", "--backend", "memory", "--option", "dir=/tmp"), ExitCode.USAGE,
                    "Unknown option 'dir' of the memory backend; known options: [read_only]");
            assertOneLineError(run("scan", "--path", "/var/lib/papyra", "--backend", "redis"), ExitCode.USAGE,
                    "--path means --backend file, but --backend redis was given");
            assertOneLineError(run("scan", "--path", "/a", "--option", "dir=/b"), ExitCode.USAGE,
                    "--path /a and --option dir=/b both name the directory");
            assertOneLineError(run("scan", "--backend", "memory", "--option", "read_only"), ExitCode.USAGE,
                    "should be in KEY=VALUE format but was read_only");
            assertOneLineError(run("scan", "--backend", "memory", "--option", "=true"), ExitCode.USAGE,
                    "--option needs KEY=VALUE with a non-blank key, got '=true'");
            assertOneLineError(run(onFixture("compact", "--option", "read_only=true")), ExitCode.USAGE,
                    "this command writes to the backend, so it cannot run with --option read_only=true");
        }

        @Test
        void pathMeansTheFileBackend() {
            // A directory that holds no log: the file backend itself refuses it, by name.
            assertOneLineError(run("scan", "--path", "/nonexistent/papyra-log"), ExitCode.USAGE,
                    "cannot open backend 'file'", "'/nonexistent/papyra-log': no such directory");
        }
    }

    @Nested
    @DisplayName("unreachable or failing backends")
    class Unavailable {
        @Test
        void aBackendThatCannotBeOpenedExitsFourWithOneLine() {
            store.openFailure = new UncheckedIOException("connection refused: localhost:6390",
                    new ConnectException("Connection refused"));
            assertOneLineError(run(onFixture("inspect", "events")), ExitCode.UNAVAILABLE,
                    "papyra inspect events: cannot open backend 'fixture': connection refused: localhost:6390;"
                            + " check that its store is reachable and its options are right");
            assertOneLineError(run(onFixture("doctor")), ExitCode.UNAVAILABLE, "papyra doctor: cannot open backend");
        }

        @Test
        void verbosePrintsTheStackTraceToo() {
            store.openFailure = new UncheckedIOException("connection refused", new ConnectException("refused"));
            Result result = run(onFixture("scan", "--verbose"));
            assertEquals(ExitCode.UNAVAILABLE, result.code());
            assertTrue(result.err().startsWith("papyra scan: cannot open backend 'fixture': connection refused"), result.err());
            assertTrue(result.err().contains("\tat ") && result.err().contains("Caused by: java.net.ConnectException"),
                    result.err());
        }

        @Test
        void aBackendFailingDuringTheCommandExitsFour() {
            store.readFailure = new IllegalStateException("connection reset\nby peer");
            assertOneLineError(run(onFixture("inspect", "events")), ExitCode.UNAVAILABLE,
                    "backend 'fixture' failed during inspect events: connection reset by peer;"
                            + " check that its store is reachable, then run again");
            assertOneLineError(run(onFixture("scan")), ExitCode.UNAVAILABLE, "failed during scan");
        }

        @Test
        void unsupportedOperationsExitFive() {
            store.capabilities = Set.of(Capability.RETENTION_MAX_RECORDS);
            assertOneLineError(run(onFixture("compact")), ExitCode.UNSUPPORTED,
                    "backend 'fixture' does not support compact (its capabilities: [RETENTION_MAX_RECORDS])");
            assertOneLineError(run(onFixture("scan")), ExitCode.UNSUPPORTED, "does not support scan");
            assertOneLineError(run(onFixture("doctor")), ExitCode.UNSUPPORTED, "does not support scan");
            assertOneLineError(run(onFixture("startup-check", "--mode", "recover")), ExitCode.UNSUPPORTED,
                    "startup check recover needs SCAN, which backend 'fixture' does not support; use --mode ignore");
            assertEquals(0, run(onFixture("startup-check", "--mode", "ignore")).code());
        }
    }

    @Nested
    @DisplayName("inspect")
    class Inspect {
        @BeforeEach
        void records() {
            store.data.recordEvent(event("local://1", "ActorStarted", 0));
            store.data.recordEvent(event("local://2", "ActorStarted", 1));
            store.data.recordEvent(new EventRecord("billing", "local://1", "ActorCrashed", Map.of(), T0.plusSeconds(2)));
            store.data.recordEvent(event("local://1", "ActorStopped", 3));
            store.data.recordDeadLetter(new DeadLetterRecord("orders", "local://7", "PlaceOrder", Map.of("id", "42"),
                    T0.plusSeconds(4)));
            store.data.recordDeadLetter(new DeadLetterRecord("orders", null, "Ping", "ping", T0.plusSeconds(5)));
            store.data.recordAudit(new AuditRecord("orders", T0.plusSeconds(6), 3, 2, 1, 0, 2, List.of(),
                    List.of("worker-7"), 2));
        }

        @Test
        void eventsAsATableOpenedReadOnly() {
            Result result = run(onFixture("inspect", "events"));
            assertEquals(0, result.code(), result.err());
            assertEquals(List.of(
                    "TIMESTAMP             SYSTEM   ACTOR      EVENT_TYPE    PAYLOAD",
                    "2026-01-01T00:00:00Z  orders   local://1  ActorStarted  {\"n\":0}",
                    "2026-01-01T00:00:01Z  orders   local://2  ActorStarted  {\"n\":1}",
                    "2026-01-01T00:00:02Z  billing  local://1  ActorCrashed  {}",
                    "2026-01-01T00:00:03Z  orders   local://1  ActorStopped  {\"n\":3}"), result.outLines());
            assertEquals("", result.err());
            assertEquals(List.of(true), store.opens, "inspect opens the backend read-only");
        }

        @Test
        void filtersAndLimitCombine() {
            assertEquals(List.of("ActorStarted", "ActorStopped"), types(run(onFixture("inspect", "events",
                    "--actor", "local://1", "--system", "orders", "--format", "ndjson"))));
            assertEquals(List.of("ActorStopped"), types(run(onFixture("inspect", "events",
                    "--actor", "local://1", "--limit", "1", "--format", "ndjson"))));
            assertEquals(List.of("ActorStarted", "ActorStarted"), types(run(onFixture("inspect", "events",
                    "--event-type", "ActorStarted", "--format", "ndjson"))));
            assertEquals(List.of("ActorCrashed", "ActorStopped"), types(run(onFixture("inspect", "events",
                    "--limit", "2", "--format", "ndjson"))));
            assertEquals(List.of(), types(run(onFixture("inspect", "events", "--limit", "0", "--format", "ndjson"))));
            assertEquals(List.of("(no events)"), run(onFixture("inspect", "events", "--actor", "local://9")).outLines());
        }

        private List<String> types(Result result) {
            assertEquals(0, result.code(), result.err());
            return decodeLines(result.out(), EventRecord.class).stream().map(EventRecord::eventType)
                    .collect(Collectors.toList());
        }

        @Test
        void sinceTakesAnInstantOrADurationBackFromTheClock() {
            assertEquals(List.of("ActorCrashed", "ActorStopped"), types(run(onFixture("inspect", "events",
                    "--since", "2026-01-01T00:00:02Z", "--format", "ndjson"))));
            clock.set(T0.plusSeconds(60 + 1));   // 1m back is T0 + 1 s
            assertEquals(List.of("ActorStarted", "ActorCrashed", "ActorStopped"), types(run(onFixture("inspect",
                    "events", "--since", "1m", "--format", "ndjson"))));
            clock.set(T0.plus(Duration.ofDays(1)).plusSeconds(3));
            assertEquals(List.of("ActorStopped"), types(run(onFixture("inspect", "events", "--since", "1d",
                    "--format", "ndjson"))));
        }

        @Test
        void ndjsonAndJsonAreTheWireShapeAndReadBack() {
            Result ndjson = run(onFixture("inspect", "dead-letters", "--format", "ndjson"));
            assertEquals(0, ndjson.code(), ndjson.err());
            assertEquals(store.data.listDeadLetters(), decodeLines(ndjson.out(), DeadLetterRecord.class));
            assertTrue(ndjson.out().startsWith("{\"kind\":\"dead_letter\",\"system_id\":\"orders\",\"target\":"
                    + "{\"system\":\"local\",\"actor_id\":7},\"message_type\":\"PlaceOrder\""), ndjson.out());

            assertEquals("{\"kind\":\"dead_letter\",\"system_id\":\"orders\",\"target\":null,\"message_type\":\"Ping\","
                    + "\"payload\":\"ping\",\"timestamp\":1767225605.0,\"timestamp_ns\":1767225605000000000}\n",
                    run(onFixture("inspect", "dead-letters", "--format", "ndjson", "--limit", "1")).out(),
                    "the README's sample line");

            Result json = run(onFixture("inspect", "audits", "--format", "json"));
            assertEquals(0, json.code(), json.err());
            List<String> lines = json.outLines();
            assertEquals("[", lines.get(0));
            assertEquals("]", lines.get(lines.size() - 1));
            assertEquals(store.data.listAudits(), decodeLines(String.join("\n", lines.subList(1, lines.size() - 1)),
                    AuditRecord.class));
            assertEquals(List.of("[]"), run(onFixture("inspect", "events", "--actor", "x", "--format", "json")).outLines());
        }

        @Test
        void deadLettersByTargetAndAuditsAsTables() {
            Result targeted = run(onFixture("inspect", "dead-letters", "--target", "local://7"));
            assertEquals(List.of(
                    "TIMESTAMP             SYSTEM  TARGET     MESSAGE_TYPE  PAYLOAD",
                    "2026-01-01T00:00:04Z  orders  local://7  PlaceOrder    {\"id\":\"42\"}"), targeted.outLines());
            Result untargeted = run(onFixture("inspect", "dead-letters", "--message-type", "Ping"));
            assertEquals("2026-01-01T00:00:05Z  orders  -       Ping          \"ping\"", untargeted.outLines().get(1));
            Result audits = run(onFixture("inspect", "audits"));
            assertEquals(List.of(
                    "TIMESTAMP             SYSTEM  TOTAL  ALIVE  STOPPING  RESTARTING  REGISTRY  DEAD_LETTERS  ORPHANS  DEAD",
                    "2026-01-01T00:00:06Z  orders  3      2      1         0           2         2             -        worker-7"),
                    audits.outLines());
        }

        @Test
        void summaryCountsEachLog() {
            Result table = run(onFixture("inspect", "summary"));
            assertEquals(0, table.code(), table.err());
            assertEquals(List.of(
                    "backend fixture",
                    "LOG           COUNT  FIRST                 LAST                  BY TYPE",
                    "events        4      2026-01-01T00:00:00Z  2026-01-01T00:00:03Z  ActorCrashed 1, ActorStarted 2, ActorStopped 1",
                    "audits        1      2026-01-01T00:00:06Z  2026-01-01T00:00:06Z  -",
                    "dead letters  2      2026-01-01T00:00:04Z  2026-01-01T00:00:05Z  Ping 1, PlaceOrder 1"),
                    table.outLines());
            Result json = run(onFixture("inspect", "summary", "--system", "billing", "--format", "json"));
            assertEquals("{\"backend\":\"fixture\",\"events\":{\"count\":1,\"first\":\"2026-01-01T00:00:02Z\","
                    + "\"last\":\"2026-01-01T00:00:02Z\",\"by_event_type\":{\"ActorCrashed\":1}},"
                    + "\"audits\":{\"count\":0,\"first\":null,\"last\":null},"
                    + "\"dead_letters\":{\"count\":0,\"first\":null,\"last\":null,\"by_message_type\":{}}}\n", json.out());
        }

        @Test
        void followPrintsEachNewRecordOnceUntilTheTimeout() {
            List<Integer> polls = new ArrayList<>();
            Sleeper sleeper = duration -> {
                assertEquals(Duration.ofSeconds(2), duration);
                clock.advance(duration);
                polls.add(polls.size() + 1);
                switch (polls.size()) {
                    case 1 -> store.data.recordEvent(event("local://3", "ActorStarted", 10));
                    case 2 -> {
                        // Same timestamp as the last one printed, and an exact duplicate of it: both are new.
                        store.data.recordEvent(event("local://3", "ActorStarted", 10));
                        store.data.recordEvent(event("local://4", "ActorStarted", 10));
                    }
                    case 4 -> store.data.recordEvent(event("local://1", "ActorCrashed", 11));
                    default -> { }
                }
            };
            Result result = run(sleeper, onFixture("inspect", "events", "--follow", "--follow-interval", "2s",
                    "--follow-timeout", "10s", "--limit", "1", "--format", "ndjson"));
            assertEquals(0, result.code(), result.err());
            assertEquals(5, polls.size(), "10 s of 2 s polls");
            List<EventRecord> printed = decodeLines(result.out(), EventRecord.class);
            assertEquals(List.of(event("local://1", "ActorStopped", 3), event("local://3", "ActorStarted", 10),
                    event("local://3", "ActorStarted", 10), event("local://4", "ActorStarted", 10),
                    event("local://1", "ActorCrashed", 11)), printed);
        }

        @Test
        void followAppliesTheFiltersAndStopsWhenInterrupted() {
            int[] polls = {0};
            Sleeper sleeper = duration -> {
                if (++polls[0] == 3) {
                    throw new InterruptedException("Ctrl-C");
                }
                store.data.recordEvent(event("local://" + polls[0], "ActorStarted", 20 + polls[0]));
            };
            Result result = run(sleeper, onFixture("inspect", "events", "--follow", "--actor", "local://2"));
            assertEquals(0, result.code(), result.err());
            assertEquals(List.of(
                    "TIMESTAMP             SYSTEM  ACTOR      EVENT_TYPE    PAYLOAD",
                    "2026-01-01T00:00:01Z  orders  local://2  ActorStarted  {\"n\":1}",
                    "2026-01-01T00:00:22Z  orders  local://2  ActorStarted  {\"n\":22}"), result.outLines());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }

        @Test
        void followRefusesOneJsonArrayAndTimeoutNeedsFollow() {
            assertOneLineError(run(onFixture("inspect", "events", "--follow", "--format", "json")), ExitCode.USAGE,
                    "use --format ndjson (or table) with --follow");
            assertOneLineError(run(onFixture("inspect", "events", "--follow-timeout", "1m")), ExitCode.USAGE,
                    "--follow-timeout applies only with --follow");
        }
    }

    @Nested
    @DisplayName("scan, recover, doctor, startup-check, compact")
    class Maintenance {
        @Test
        void scanExitsZeroWhenCleanAndOneWithAnomalies() {
            Result clean = run(onFixture("scan"));
            assertEquals(List.of("backend fixture: clean"), clean.outLines());
            assertEquals(ExitCode.OK, clean.code());
            store.anomaly("events-000001.log:17");
            store.anomaly("events-000002.log:3");
            Result dirty = run(onFixture("scan"));
            assertEquals(ExitCode.ANOMALIES_FOUND, dirty.code());
            assertEquals(List.of("backend fixture: 2 anomalies",
                    "  CORRUPTED_LINE  events-000001.log:17  not JSON",
                    "  CORRUPTED_LINE  events-000002.log:3   not JSON"), dirty.outLines());
            Result json = run(onFixture("scan", "--format", "json"));
            assertEquals(ExitCode.ANOMALIES_FOUND, json.code());
            assertTrue(json.out().startsWith("{\"backend\":\"fixture\",\"clean\":false,\"anomalies\":[{\"type\":"
                    + "\"CORRUPTED_LINE\",\"location\":\"events-000001.log:17\",\"detail\":\"not JSON\"}"), json.out());
            assertEquals(List.of(true, true, true), store.opens, "scan opens read-only");
            assertEquals(2, store.anomalies.size(), "scan changed nothing");
        }

        @Test
        void recoverExitsZeroWhenRepairedAndThreeWhenAnomaliesRemain() {
            store.anomaly("events-000001.log:17");
            Result repaired = run(onFixture("recover", "--mode", "repair"));
            assertEquals(ExitCode.OK, repaired.code(), repaired.err());
            assertEquals(List.of("backend fixture: recovery (repair)",
                    "  found: 1 anomaly",
                    "    CORRUPTED_LINE  events-000001.log:17  not JSON",
                    "  repaired: events-000001.log:17",
                    "  quarantined: nothing",
                    "  after: clean"), repaired.outLines());
            assertEquals(List.of(false), store.opens, "recover opens read-write");

            store.repairable = false;
            store.anomaly("events-000002.log:3");
            Result left = run(onFixture("recover", "--mode", "quarantine", "--quarantine", "/var/quarantine",
                    "--format", "json"));
            assertEquals(ExitCode.ANOMALIES_REMAIN, left.code());
            assertTrue(left.out().contains("\"mode\":\"quarantine\"") && left.out().contains("\"after\":{\"backend\":"
                    + "\"fixture\",\"clean\":false"), left.out());
        }

        @Test
        void doctorScansRecoversAndScansAgain() {
            Result healthy = run(onFixture("doctor"));
            assertEquals(ExitCode.OK, healthy.code());
            assertEquals(List.of("backend fixture:", "  1. scan: clean", "  healthy"), healthy.outLines());

            store.anomaly("dead_letters-000001.log:9");
            Result fixed = run(onFixture("doctor"));
            assertEquals(ExitCode.OK, fixed.code(), fixed.err());
            assertEquals(List.of("backend fixture:",
                    "  1. scan: 1 anomaly",
                    "    CORRUPTED_LINE  dead_letters-000001.log:9  not JSON",
                    "  2. recovery (repair)",
                    "  found: 1 anomaly",
                    "    CORRUPTED_LINE  dead_letters-000001.log:9  not JSON",
                    "  repaired: dead_letters-000001.log:9",
                    "  quarantined: nothing",
                    "  3. scan again: clean",
                    "  healthy"), fixed.outLines());

            store.repairable = false;
            store.anomaly("events-000003.log:1");
            Result stuck = run(onFixture("doctor", "--format", "json"));
            assertEquals(ExitCode.ANOMALIES_REMAIN, stuck.code());
            assertTrue(stuck.out().endsWith("\"healthy\":false}\n"), stuck.out());
        }

        @Test
        void startupCheckExitCodesFollowItsVerdict() {
            store.anomaly("events-000001.log:17");
            Result scanOnly = run(onFixture("startup-check", "--mode", "scan-only"));
            assertEquals(ExitCode.OK, scanOnly.code(), scanOnly.err());
            assertTrue(scanOnly.out().contains("result: the runtime would start"), scanOnly.out());

            Result failOnAnomaly = run(onFixture("startup-check", "--mode", "fail-on-anomaly"));
            assertEquals(ExitCode.ANOMALIES_FOUND, failOnAnomaly.code());
            assertTrue(failOnAnomaly.out().contains("result: the runtime would NOT start"), failOnAnomaly.out());
            assertEquals(List.of(true, true), store.opens, "only --mode recover writes");

            store.repairable = false;
            Result recoverFails = run(onFixture("startup-check", "--mode", "recover", "--timeout", "30s",
                    "--format", "json"));
            assertEquals(ExitCode.ANOMALIES_REMAIN, recoverFails.code());
            assertTrue(recoverFails.out().contains("\"would_start\":false,\"failure\":\"1 anomalies remain in backend"
                    + " 'fixture' after recovery REPAIR"), recoverFails.out());
            assertEquals(false, store.opens.get(2));

            store.repairable = true;
            Result recovered = run(onFixture("startup-check", "--mode", "recover"));
            assertEquals(ExitCode.OK, recovered.code(), recovered.out() + recovered.err());
            assertTrue(recovered.out().contains("rescan: clean"), recovered.out());
        }

        @Test
        void compactPrintsTheReportOfTheRealMemoryBackend() {
            Result result = run("compact", "--backend", "memory");
            assertEquals(ExitCode.OK, result.code(), result.err());
            assertEquals(List.of("backend memory: compacted", "  records: 0 -> 0 (0 removed)", "  bytes:   unknown"),
                    result.outLines());
            Result json = run("compact", "--backend", "memory", "--format", "json");
            assertEquals("{\"backend\":\"memory\",\"records_before\":0,\"records_after\":0,\"removed_records\":0,"
                    + "\"bytes_before\":null,\"bytes_after\":null,\"reclaimed_bytes\":null}\n", json.out());
        }
    }

    @Nested
    @DisplayName("the real memory backend, metrics, backends, completion")
    class Others {
        @Test
        void memoryBackendOpensReadOnlyAndIsCleanAndEmpty() {
            assertEquals(new Result(0, "(no events)\n", ""), run("inspect", "events", "--backend", "memory"));
            assertEquals(new Result(0, "backend memory: clean\n", ""), run("scan", "--backend", "memory"));
            assertEquals(ExitCode.OK, run("doctor", "--backend", "memory").code());
            assertEquals(ExitCode.OK, run("startup-check", "--backend", "memory", "--mode", "recover").code());
        }

        @Test
        void metricsAreTheOpenedBackendsCounters() {
            Result json = run("metrics", "--backend", "memory", "--format", "json");
            assertEquals(ExitCode.OK, json.code(), json.err());
            assertEquals("{\"backend\":\"memory\",\"capabilities\":[\"COMPACTION\",\"RECOVERY\",\"RETENTION_MAX_AGE\","
                    + "\"RETENTION_MAX_RECORDS\",\"RETENTION_MAX_TOTAL_BYTES\",\"SCAN\"],\"metrics\":{\"records_written\":0,"
                    + "\"bytes_written\":0,\"records_dropped\":0,\"scans\":0,\"anomalies_detected\":0,\"recoveries\":0,"
                    + "\"compactions\":0,\"write_errors\":0,\"scan_errors\":0,\"recovery_errors\":0,"
                    + "\"compaction_errors\":0}}\n", json.out());
            store.data.recordEvent(event("local://1", "ActorStarted", 0));
            Result table = run(onFixture("metrics"));
            assertEquals(ExitCode.OK, table.code());
            assertTrue(table.out().startsWith("backend fixture\ncapabilities compaction, recovery, retention_max_age,"),
                    table.out());
            assertTrue(table.out().contains("\nrecords_written     1\n"), "the fixture forwards to its store's counters: "
                    + table.out());
        }

        @Test
        void backendsListsWhatDiscoveryFinds() {
            Result result = run("backends");
            assertEquals(ExitCode.OK, result.code());
            assertEquals("NAME", result.outLines().get(0).split(" ")[0]);
            assertTrue(result.out().contains("\nfixture  ") && result.out().contains("\nmemory   "), result.out());
        }

        @Test
        void completionIsABashScriptCoveringTheCommands() {
            Result result = run("completion");
            assertEquals(ExitCode.OK, result.code());
            assertTrue(result.out().startsWith("#!/usr/bin/env bash"), result.out().substring(0, 80));
            for (String word : List.of("complete -F _complete_papyra", "startup-check", "dead-letters", "--follow",
                    "--event-type", "(\"ignore\" \"scan-only\" \"recover\" \"fail-on-anomaly\") # --mode values")) {
                assertTrue(result.out().contains(word), word);
            }
        }

        @Test
        void fixtureCapabilitiesAreTheProvidersOwn() {
            assertEquals(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)),
                    EnumSet.copyOf(new FixtureProvider().capabilities()));
        }
    }
}
