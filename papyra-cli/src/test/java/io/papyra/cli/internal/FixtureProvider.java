package io.papyra.cli.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.ForwardingPersistenceBackend;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.memory.InMemoryPersistence;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend for the CLI's tests, registered (test scope only) as {@code fixture}. Its backends share
 * a {@link Store} by the option {@code store=NAME}, so what a test writes into {@code Store.named(NAME)}
 * the command reads; the store also holds the anomalies its scans report, whether recovery repairs
 * them, its capabilities, and failures to inject. A new store can also be seeded from options alone
 * ({@code anomalies=N}, {@code repairable=true|false}), which is how a separate process (the jar under
 * test) gets one; {@code unreachable=true} fails every open as an unreachable server would. Options:
 * {@code store} (required), {@code read_only}, {@code anomalies}, {@code repairable}, {@code unreachable}.
 */
public final class FixtureProvider implements PersistenceBackendProvider {

    static final String NAME = "fixture";
    private static final List<String> KNOWN = List.of("store", "read_only", "anomalies", "repairable", "unreachable");

    /** Creates the provider; ServiceLoader calls this. */
    public FixtureProvider() {
    }

    /** The shared state of every backend opened with {@code store=NAME}. */
    static final class Store {
        private static final Map<String, Store> STORES = new ConcurrentHashMap<>();

        final InMemoryPersistence data = new InMemoryPersistence();
        final List<Anomaly> anomalies = new CopyOnWriteArrayList<>();
        volatile boolean repairable = true;
        volatile Set<Capability> capabilities = Set.copyOf(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));
        volatile RuntimeException openFailure;
        volatile RuntimeException readFailure;
        /** The read_only flag of every backend opened over this store, in order. */
        final List<Boolean> opens = new CopyOnWriteArrayList<>();
        final List<PersistenceBackend> backends = new CopyOnWriteArrayList<>();

        static Store named(String name) {
            return STORES.computeIfAbsent(name, key -> new Store());
        }

        static void drop(String name) {
            STORES.remove(name);
        }

        void anomaly(String location) {
            anomalies.add(new Anomaly(AnomalyType.CORRUPTED_LINE, location, "not JSON"));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));
    }

    @Override
    public PersistenceBackend create(BackendConfig config) {
        for (String key : config.options().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of backend fixture; known options: " + KNOWN);
            }
        }
        if ("true".equals(config.option("unreachable"))) {
            throw new java.io.UncheckedIOException("connection refused: fixture server",
                    new java.net.ConnectException("Connection refused"));
        }
        String name = config.option("store");
        if (name == null) {
            throw new IllegalArgumentException("Backend fixture needs the option store=NAME");
        }
        boolean existed = Store.STORES.containsKey(name);
        Store store = Store.named(name);
        if (!existed && config.option("anomalies") != null) {
            for (int i = 0; i < Integer.parseInt(config.option("anomalies")); i++) {
                store.anomaly("segment-" + i + ":1");
            }
        }
        if (!existed && config.option("repairable") != null) {
            store.repairable = Boolean.parseBoolean(config.option("repairable"));
        }
        if (store.openFailure != null) {
            throw store.openFailure;
        }
        boolean readOnly = "true".equals(config.option("read_only"));
        store.opens.add(readOnly);
        FixtureBackend backend = new FixtureBackend(store, readOnly);
        store.backends.add(backend);
        return backend;
    }

    /** A view of a store; closing it closes the view, not the store. */
    static final class FixtureBackend extends ForwardingPersistenceBackend {
        private final Store store;
        private final boolean readOnly;
        private volatile boolean closed;

        FixtureBackend(Store store, boolean readOnly) {
            super(store.data);
            this.store = store;
            this.readOnly = readOnly;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Set<Capability> capabilities() {
            return store.capabilities;
        }

        private void readable() {
            if (store.readFailure != null) {
                throw store.readFailure;
            }
        }

        @Override
        public void recordEvent(EventRecord event) {
            if (!readOnly && !closed) {
                super.recordEvent(event);
            }
        }

        @Override
        public void recordAudit(AuditRecord audit) {
            if (!readOnly && !closed) {
                super.recordAudit(audit);
            }
        }

        @Override
        public void recordDeadLetter(DeadLetterRecord deadLetter) {
            if (!readOnly && !closed) {
                super.recordDeadLetter(deadLetter);
            }
        }

        @Override
        public List<EventRecord> listEvents(Query query) {
            readable();
            return super.listEvents(query);
        }

        @Override
        public List<AuditRecord> listAudits(Query query) {
            readable();
            return super.listAudits(query);
        }

        @Override
        public List<DeadLetterRecord> listDeadLetters(Query query) {
            readable();
            return super.listDeadLetters(query);
        }

        @Override
        public ScanReport scan() {
            if (!store.capabilities.contains(Capability.SCAN)) {
                throw new UnsupportedOperationException("fixture without SCAN");
            }
            readable();
            return new ScanReport(NAME, List.copyOf(store.anomalies));
        }

        @Override
        public RecoveryReport recover(RecoveryConfig config) {
            if (!store.capabilities.contains(Capability.RECOVERY)) {
                throw new UnsupportedOperationException("fixture without RECOVERY");
            }
            if (readOnly) {
                throw new IllegalStateException("fixture opened read-only cannot recover");
            }
            ScanReport scan = new ScanReport(NAME, List.copyOf(store.anomalies));
            List<String> repaired = new ArrayList<>();
            List<String> quarantined = new ArrayList<>();
            if (config.mode() != RecoveryMode.IGNORE && store.repairable) {
                for (Anomaly anomaly : scan.anomalies()) {
                    (config.mode() == RecoveryMode.QUARANTINE ? quarantined : repaired).add(anomaly.location());
                }
                store.anomalies.clear();
            }
            return new RecoveryReport(NAME, config.mode(), scan, repaired, quarantined);
        }

        @Override
        public CompactionReport compact() {
            if (!store.capabilities.contains(Capability.COMPACTION)) {
                throw new UnsupportedOperationException("fixture without COMPACTION");
            }
            if (readOnly) {
                throw new IllegalStateException("fixture opened read-only cannot compact");
            }
            CompactionReport report = super.compact();
            return new CompactionReport(NAME, report.recordsBefore(), report.recordsAfter(), null, null);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
