package io.papyra.persistence;

import io.papyra.persistence.spi.PersistenceBackendProvider;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Finds backends with {@link ServiceLoader} and opens them by name: the entry point of the API.
 *
 * <p>Discovery happens here, in the module that declares {@code uses}, so that callers need no
 * {@code uses} clause of their own. It works on the module path (through {@code provides}) and on
 * the class path (through {@code META-INF/services}).
 *
 * <pre>{@code
 * PersistenceBackends backends = PersistenceBackends.discover();
 * try (PersistenceBackend backend = backends.open("memory")) { ... }
 * // or the backend named by -Dpapyra.persistence.backend=..., "memory" by default:
 * PersistenceBackend configured = backends.openDefault();
 * }</pre>
 *
 * <p>A provider that fails to load or to instantiate does not hide the others: it is left out,
 * logged, and listed in {@link #failures()} and in the message of any lookup that fails. Two
 * providers with the same name are an error when discovered.
 *
 * <p>{@link #open(String, BackendConfig)} refuses, before the provider creates anything, a
 * retention bound that the provider's {@link PersistenceBackendProvider#capabilities()} lack.
 *
 * <p>Instances are immutable and thread-safe; each {@code open} creates a new backend.
 *
 * @since 0.1
 */
public final class PersistenceBackends {

    /** The system property that names the backend {@link #openDefault()} opens. */
    public static final String BACKEND_PROPERTY = "papyra.persistence.backend";

    /** The backend {@link #openDefault()} opens when {@link #BACKEND_PROPERTY} is not set. */
    public static final String DEFAULT_BACKEND = "memory";

    /** The name of this API's module, and of any copy of it in another layer. */
    private static final String API_MODULE = "io.papyra.persistence";

    private static final System.Logger LOG = System.getLogger(PersistenceBackends.class.getName());
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private final Map<String, PersistenceBackendProvider> providers;
    private final List<String> failures;
    private final String searched;

    private PersistenceBackends(Map<String, PersistenceBackendProvider> providers, List<String> failures,
                                String searched) {
        this.providers = providers;
        this.failures = failures;
        this.searched = searched;
    }

    /**
     * Finds the providers visible to the current thread's context class loader (or, when it has
     * none, this class's loader), on the module path and the class path.
     *
     * @return the providers found
     * @throws IllegalStateException if two providers have the same name
     */
    public static PersistenceBackends discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : PersistenceBackends.class.getClassLoader());
    }

    /**
     * Finds the providers visible to {@code loader}: those of named modules in its layers and
     * those listed in {@code META-INF/services} on its class path.
     *
     * @param loader the class loader to search, never null
     * @return the providers found
     * @throws NullPointerException  if {@code loader} is null
     * @throws IllegalStateException if two providers have the same name
     */
    public static PersistenceBackends discover(ClassLoader loader) {
        Checks.notNull(loader, "loader");
        return fromServiceLoader(ServiceLoader.load(PersistenceBackendProvider.class, loader), describe(loader));
    }

    /**
     * Finds the providers of the modules in {@code layer} and its parent layers.
     *
     * @param layer the module layer to search, never null
     * @return the providers found
     * @throws NullPointerException  if {@code layer} is null
     * @throws IllegalStateException if the layer holds its own copy of this API module (its
     *                               providers would implement another {@code PersistenceBackendProvider}
     *                               and could never be found here), or if two providers have the same name
     */
    public static PersistenceBackends discover(ModuleLayer layer) {
        Checks.notNull(layer, "layer");
        // By the declared name, not getModule().getName(): on the class path this class is in the
        // unnamed module, whose name is null, and a copy of the API in the layer is unreachable all the same.
        Module api = PersistenceBackends.class.getModule();
        layer.findModule(API_MODULE).filter(found -> found != api).ifPresent(copy -> {
            throw new IllegalStateException("The module layer holds its own copy of module " + API_MODULE
                    + "; its providers implement that copy's SPI and cannot be found through this one. "
                    + "Resolve the layer against the parent that holds " + API_MODULE
                    + " instead of adding the API jar to it.");
        });
        return fromServiceLoader(ServiceLoader.load(layer, PersistenceBackendProvider.class),
                describe(layer));
    }

    private static PersistenceBackends fromServiceLoader(ServiceLoader<PersistenceBackendProvider> loader,
                                                         String searched) {
        List<Candidate> candidates = new ArrayList<>();
        Iterator<ServiceLoader.Provider<PersistenceBackendProvider>> it = loader.stream().iterator();
        int consecutiveErrors = 0;
        while (consecutiveErrors < MAX_CONSECUTIVE_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<PersistenceBackendProvider> provider = it.next();
                candidates.add(new Candidate(provider.type().getName(), provider::get));
                consecutiveErrors = 0;
            } catch (ServiceConfigurationError e) {
                // A provider entry that cannot even be located; ServiceLoader goes on with the next one.
                candidates.add(new Candidate("<unknown provider>", () -> {
                    throw e;
                }));
                consecutiveErrors++;
            }
        }
        return fromCandidates(candidates, searched);
    }

    /** Instantiates candidates, isolating failures; the seam that tests drive with test doubles. */
    static PersistenceBackends fromCandidates(List<Candidate> candidates, String searched) {
        Map<String, PersistenceBackendProvider> byName = new TreeMap<>();
        Map<String, String> typeByName = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Candidate candidate : candidates) {
            PersistenceBackendProvider provider;
            String name;
            try {
                provider = candidate.instantiate().get();
                name = provider.name();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String failure = candidate.type() + " failed to load: " + describe(e);
                LOG.log(System.Logger.Level.WARNING, "Persistence backend provider " + failure, e);
                failures.add(failure);
                continue;
            }
            if (name == null || name.isBlank()) {
                String failure = candidate.type() + " has a blank name (\"" + name + "\")";
                LOG.log(System.Logger.Level.WARNING, "Persistence backend provider " + failure);
                failures.add(failure);
                continue;
            }
            String clash = typeByName.putIfAbsent(name, provider.getClass().getName());
            if (clash != null) {
                throw new IllegalStateException("Two persistence backend providers are named '" + name + "': "
                        + clash + " and " + provider.getClass().getName() + " (searched " + searched
                        + "). Keep only one of them on the class path or module path.");
            }
            byName.put(name, provider);
        }
        return new PersistenceBackends(Collections.unmodifiableMap(byName), List.copyOf(failures), searched);
    }

    /** A layer's description for error messages: the boot layer by name, others by their modules. */
    private static String describe(ModuleLayer layer) {
        if (layer == ModuleLayer.boot()) {
            return "the boot module layer and the class path";
        }
        List<String> names = new ArrayList<>();
        layer.modules().forEach(module -> names.add(module.getName()));
        Collections.sort(names);
        return names.isEmpty() ? "an empty module layer" : "the module layer of " + names;
    }

    /**
     * A class loader's description for error messages, in the user's terms: the application's
     * class path and module path by their entries, another loader by its name and type.
     */
    static String describe(ClassLoader loader) {
        if (loader == ClassLoader.getSystemClassLoader()) {
            return "the class path " + pathEntries(System.getProperty("java.class.path"))
                    + " and the module path " + pathEntries(System.getProperty("jdk.module.path"));
        }
        String name = loader.getName();
        return "class loader " + (name != null ? "'" + name + "' (" + loader.getClass().getName() + ")"
                : loader.getClass().getName()) + ", its parents and the modules defined to them";
    }

    /** At most the first few entries of a path property, so that a long class path stays readable. */
    private static String pathEntries(@Nullable String path) {
        if (path == null || path.isBlank()) {
            return "(empty)";
        }
        String[] entries = path.split(java.io.File.pathSeparator);
        int shown = Math.min(entries.length, 8);
        List<String> list = new ArrayList<>(List.of(entries).subList(0, shown));
        if (entries.length > shown) {
            list.add("... " + (entries.length - shown) + " more");
        }
        return list.toString();
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }

    /**
     * Returns the name {@link #openDefault()} opens: the {@link #BACKEND_PROPERTY} system property,
     * or {@link #DEFAULT_BACKEND} when it is not set.
     *
     * @return the configured backend name
     * @throws IllegalArgumentException if the property is set but blank
     */
    public static String configuredName() {
        String name = System.getProperty(BACKEND_PROPERTY);
        if (name == null) {
            return DEFAULT_BACKEND;
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("System property " + BACKEND_PROPERTY
                    + " must name a backend, was blank; unset it to use '" + DEFAULT_BACKEND + "'");
        }
        return name.strip();
    }

    /**
     * Returns the names of the providers found.
     *
     * @return an unmodifiable set in alphabetical order
     */
    public Set<String> names() {
        return providers.keySet();
    }

    /**
     * Returns the providers found.
     *
     * @return an unmodifiable list in alphabetical order of name
     */
    public List<PersistenceBackendProvider> providers() {
        return List.copyOf(providers.values());
    }

    /**
     * Returns the provider of a name.
     *
     * @param name the backend's name, never null
     * @return the provider, or null if none has that name
     * @throws NullPointerException if {@code name} is null
     */
    public @Nullable PersistenceBackendProvider provider(String name) {
        return providers.get(Checks.notNull(name, "name"));
    }

    /**
     * Returns the providers that were listed but could not be loaded or instantiated, each as its
     * class name and the reason.
     *
     * @return an unmodifiable list, empty when every provider loaded
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * Opens the backend of {@code name} with {@link BackendConfig#defaults()}.
     *
     * @param name the backend's name, for example {@code memory}; never null
     * @return a new, open backend
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalStateException    if no provider was found at all
     * @throws IllegalArgumentException if no provider has that name (the message lists those found)
     */
    public PersistenceBackend open(String name) {
        return open(name, BackendConfig.defaults());
    }

    /**
     * Opens the backend of {@code name}. A retention bound of {@code config} that the provider does
     * not declare in {@link PersistenceBackendProvider#capabilities()} is refused before the
     * provider is asked to create anything.
     *
     * @param name   the backend's name, for example {@code memory}
     * @param config the retention policy, clock and options
     * @return a new, open backend
     * @throws NullPointerException     if an argument is null
     * @throws IllegalStateException    if no provider was found at all, or the provider returned null
     * @throws IllegalArgumentException if no provider has that name (the message lists those found),
     *                                  if the provider lacks the capability for a retention bound of
     *                                  {@code config} (the message names both), or if the provider
     *                                  refuses the configuration
     */
    public PersistenceBackend open(String name, BackendConfig config) {
        return open(name, config, "");
    }

    private PersistenceBackend open(String name, BackendConfig config, String origin) {
        Checks.notNull(name, "name");
        Checks.notNull(config, "config");
        if (providers.isEmpty()) {
            throw new IllegalStateException("No persistence backend provider found in " + searched
                    + ", so backend '" + name + "'" + origin + " cannot be opened. Add a backend to the class path"
                    + " or module path, for example the artifact io.papyra:papyra-persistence-memory for the"
                    + " backend named '" + DEFAULT_BACKEND + "'" + failureSuffix());
        }
        PersistenceBackendProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("Unknown persistence backend '" + name + "'" + origin
                    + "; backends found: " + providers.keySet() + " in " + searched + failureSuffix());
        }
        requireCapabilities(name, provider, config.retention());
        PersistenceBackend backend = provider.create(config);
        if (backend == null) {
            throw new IllegalStateException("Provider " + provider.getClass().getName() + " of backend '" + name
                    + "' returned null from create()");
        }
        return backend;
    }

    private static void requireCapabilities(String name, PersistenceBackendProvider provider,
                                            RetentionPolicy retention) {
        Set<Capability> capabilities = provider.capabilities();
        List<String> missing = new ArrayList<>();
        if (retention.hasMaxRecords() && !capabilities.contains(Capability.RETENTION_MAX_RECORDS)) {
            missing.add("maxRecords (capability " + Capability.RETENTION_MAX_RECORDS + ")");
        }
        if (retention.hasMaxAge() && !capabilities.contains(Capability.RETENTION_MAX_AGE)) {
            missing.add("maxAge (capability " + Capability.RETENTION_MAX_AGE + ")");
        }
        if (retention.hasMaxTotalBytes() && !capabilities.contains(Capability.RETENTION_MAX_TOTAL_BYTES)) {
            missing.add("maxTotalBytes (capability " + Capability.RETENTION_MAX_TOTAL_BYTES + ")");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Persistence backend '" + name + "' cannot honour the retention "
                    + (missing.size() == 1 ? "bound " : "bounds ") + String.join(", ", missing) + " of " + retention
                    + "; its capabilities are " + capabilities + ". Remove the bound or choose another backend.");
        }
    }

    /**
     * Opens the backend named by {@link #configuredName()}, with {@link BackendConfig#defaults()}.
     *
     * @return a new, open backend
     * @throws IllegalStateException    if no provider was found at all
     * @throws IllegalArgumentException if the configured name is blank or unknown (the message says
     *                                  whether it came from {@link #BACKEND_PROPERTY})
     */
    public PersistenceBackend openDefault() {
        return openDefault(BackendConfig.defaults());
    }

    /**
     * Opens the backend named by {@link #configuredName()}.
     *
     * @param config the retention policy, clock and options
     * @return a new, open backend
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalStateException    if no provider was found at all
     * @throws IllegalArgumentException if the configured name is blank or unknown (the message says
     *                                  whether it came from {@link #BACKEND_PROPERTY}), or as
     *                                  {@link #open(String, BackendConfig)}
     */
    public PersistenceBackend openDefault(BackendConfig config) {
        String origin = System.getProperty(BACKEND_PROPERTY) != null
                ? " (named by the system property " + BACKEND_PROPERTY + ")"
                : " (the default; set the system property " + BACKEND_PROPERTY + " to choose another)";
        return open(configuredName(), config, origin);
    }

    private String failureSuffix() {
        return failures.isEmpty() ? "." : ". Providers that failed to load: " + failures;
    }

    @Override
    public String toString() {
        return "PersistenceBackends" + providers.keySet() + (failures.isEmpty() ? "" : " failures=" + failures);
    }

    /** A provider that has been located but not yet instantiated. */
    record Candidate(String type, Supplier<PersistenceBackendProvider> instantiate) {
    }
}
