package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.papyra.persistence.PersistenceBackends.Candidate;
import io.papyra.persistence.spi.PersistenceBackendProvider;
import io.papyra.persistence.testproviders.ClassPathProviders;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PersistenceBackendsTest {

    private static final String SEARCHED = "test candidates";

    private static PersistenceBackendProvider provider(String name) {
        PersistenceBackendProvider provider = mock(PersistenceBackendProvider.class);
        when(provider.name()).thenReturn(name);
        when(provider.create(any())).thenReturn(mock(PersistenceBackend.class));
        return provider;
    }

    private static Candidate candidate(PersistenceBackendProvider provider) {
        return new Candidate("test.Provider" + provider.name(), () -> provider);
    }

    private static Candidate failing(String type, Throwable failure) {
        return new Candidate(type, () -> {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        });
    }

    private static PersistenceBackends found(Candidate... candidates) {
        return PersistenceBackends.fromCandidates(List.of(candidates), SEARCHED);
    }

    private static PersistenceBackends found(PersistenceBackendProvider... providers) {
        List<Candidate> candidates = new ArrayList<>();
        for (PersistenceBackendProvider provider : providers) {
            candidates.add(candidate(provider));
        }
        return PersistenceBackends.fromCandidates(candidates, SEARCHED);
    }

    private static <T extends Throwable> T assertThrowsContaining(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
        return e;
    }

    /** Sets the backend system property for the duration of {@code body}, then restores it. */
    private static void withBackendProperty(String value, Runnable body) {
        String previous = System.getProperty(PersistenceBackends.BACKEND_PROPERTY);
        try {
            if (value == null) {
                System.clearProperty(PersistenceBackends.BACKEND_PROPERTY);
            } else {
                System.setProperty(PersistenceBackends.BACKEND_PROPERTY, value);
            }
            body.run();
        } finally {
            if (previous == null) {
                System.clearProperty(PersistenceBackends.BACKEND_PROPERTY);
            } else {
                System.setProperty(PersistenceBackends.BACKEND_PROPERTY, previous);
            }
        }
    }

    @Test
    void namesAndProvidersAreSortedByName() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackendProvider file = provider("file");
        PersistenceBackendProvider sqlite = provider("sqlite");

        PersistenceBackends backends = found(memory, sqlite, file);

        assertEquals(List.of("file", "memory", "sqlite"), List.copyOf(backends.names()));
        assertEquals(List.of(file, memory, sqlite), backends.providers());
        assertSame(sqlite, backends.provider("sqlite"));
        assertNull(backends.provider("nope"));
        assertEquals(List.of(), backends.failures());
        assertEquals("PersistenceBackends[file, memory, sqlite]", backends.toString());
    }

    @Test
    void resultsAreUnmodifiable() {
        PersistenceBackends backends = found(failing("a.Broken", new IllegalStateException("x")), candidate(provider("m")));

        assertThrows(UnsupportedOperationException.class, () -> backends.names().remove("m"));
        assertThrows(UnsupportedOperationException.class, () -> backends.providers().clear());
        assertThrows(UnsupportedOperationException.class, () -> backends.failures().clear());
    }

    @Test
    void openCreatesWithTheDefaultConfiguration() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackend created = mock(PersistenceBackend.class);
        when(memory.create(BackendConfig.defaults())).thenReturn(created);

        assertSame(created, found(memory).open("memory"));
        verify(memory).create(BackendConfig.defaults());
    }

    @Test
    void openPassesTheGivenConfiguration() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackend created = mock(PersistenceBackend.class);
        BackendConfig config = BackendConfig.defaults().withOption("path", "/tmp/x");
        when(memory.create(config)).thenReturn(created);

        assertSame(created, found(memory).open("memory", config));
        verify(memory).create(config);
    }

    @Test
    void eachOpenCreatesANewBackend() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackends backends = found(memory);

        backends.open("memory");
        backends.open("memory");

        verify(memory, times(2)).create(BackendConfig.defaults());
    }

    @Test
    void openRejectsNulls() {
        PersistenceBackends backends = found(provider("memory"));

        Expect.npe("name must not be null", () -> backends.open(null));
        Expect.npe("config must not be null", () -> backends.open("memory", null));
        Expect.npe("name must not be null", () -> backends.provider(null));
    }

    @Test
    void unknownNameListsTheNamesFound() {
        PersistenceBackends backends = found(provider("memory"), provider("file"));

        Expect.iae("Unknown persistence backend 'sqlite'; backends found: [file, memory] in " + SEARCHED + ".",
                () -> backends.open("sqlite"));
    }

    @Test
    void noProviderNamesTheArtifactToAddAndWhereItSearched() {
        PersistenceBackends none = found(new Candidate[0]);

        assertEquals(Set.of(), none.names());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.open("file"));
        assertEquals("No persistence backend provider found in " + SEARCHED + ", so backend 'file' cannot be opened."
                + " Add a backend to the class path or module path, for example the artifact"
                + " io.papyra:papyra-persistence-memory for the backend named 'memory'.", e.getMessage());
    }

    @Test
    void withNoProviderOpenDefaultNamesTheBackendThePropertyAskedFor() {
        PersistenceBackends none = found(new Candidate[0]);

        withBackendProperty("sqlite", () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, none::openDefault);
            assertEquals("No persistence backend provider found in " + SEARCHED + ", so backend 'sqlite' (named by the"
                    + " system property papyra.persistence.backend) cannot be opened. Add a backend to the class path"
                    + " or module path, for example the artifact io.papyra:papyra-persistence-memory for the backend"
                    + " named 'memory'.", e.getMessage());
        });
        withBackendProperty(null, () -> assertThrowsContaining(IllegalStateException.class, none::openDefault,
                ", so backend 'memory' (the default; set the system property papyra.persistence.backend to choose"
                        + " another) cannot be opened. "));
    }

    @Test
    void twoProvidersWithTheSameNameAreAnErrorNamingBothClasses() {
        List<Candidate> candidates = List.of(
                new Candidate(FirstMemory.class.getName(), FirstMemory::new),
                candidate(provider("file")),
                new Candidate(SecondMemory.class.getName(), SecondMemory::new));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PersistenceBackends.fromCandidates(candidates, SEARCHED));

        assertEquals("Two persistence backend providers are named 'memory': " + FirstMemory.class.getName()
                + " and " + SecondMemory.class.getName() + " (searched " + SEARCHED + "). Keep only one of them on "
                + "the class path or module path.", e.getMessage());
    }

    @Test
    void aProviderThatFailsToLoadIsListedAndDoesNotHideTheOthers() {
        PersistenceBackendProvider memory = provider("memory");

        PersistenceBackends backends = found(
                failing("com.example.Broken", new ServiceConfigurationError("com.example.Broken: Provider not found")),
                candidate(memory),
                failing("com.example.Throwing", new IllegalStateException("no licence")),
                failing("com.example.Unlinked", new NoClassDefFoundError("com/example/Missing")));

        assertEquals(Set.of("memory"), backends.names());
        assertEquals(List.of(
                "com.example.Broken failed to load: java.util.ServiceConfigurationError: com.example.Broken: Provider not found",
                "com.example.Throwing failed to load: java.lang.IllegalStateException: no licence",
                "com.example.Unlinked failed to load: java.lang.NoClassDefFoundError: com/example/Missing"),
                backends.failures());
        assertSame(memory, backends.provider("memory"));
    }

    @Test
    void aFailureListsItsCauses() {
        RuntimeException failure = new IllegalStateException("outer",
                new IOException("middle", new IllegalArgumentException("inner")));

        PersistenceBackends backends = found(failing("com.example.Nested", failure));

        assertEquals(List.of("com.example.Nested failed to load: java.lang.IllegalStateException: outer"
                + "; caused by java.io.IOException: middle; caused by java.lang.IllegalArgumentException: inner"),
                backends.failures());
    }

    @Test
    void failuresAppearInTheMessageOfAnUnknownName() {
        PersistenceBackends backends = found(
                failing("com.example.Broken", new ServiceConfigurationError("boom")), candidate(provider("memory")));

        assertThrowsContaining(IllegalArgumentException.class, () -> backends.open("file"),
                "backends found: [memory]",
                "Providers that failed to load: [com.example.Broken failed to load: java.util.ServiceConfigurationError: boom]");
    }

    @Test
    void failuresAppearInTheMessageWhenNoProviderLoaded() {
        PersistenceBackends backends = found(failing("com.example.Broken", new IllegalStateException("boom")));

        assertEquals(Set.of(), backends.names());
        assertThrowsContaining(IllegalStateException.class, () -> backends.open("memory"),
                "No persistence backend provider found",
                "Providers that failed to load: [com.example.Broken failed to load: java.lang.IllegalStateException: boom]");
    }

    @Test
    void aProviderWhoseNameThrowsIsAFailure() {
        PersistenceBackendProvider broken = mock(PersistenceBackendProvider.class);
        when(broken.name()).thenThrow(new UnsupportedOperationException("no name"));

        PersistenceBackends backends = found(new Candidate("com.example.Nameless", () -> broken));

        assertEquals(List.of("com.example.Nameless failed to load: java.lang.UnsupportedOperationException: no name"),
                backends.failures());
    }

    @Test
    void blankOrNullNamesAreFailures() {
        PersistenceBackends backends = found(
                new Candidate("com.example.Blank", () -> provider("  ")),
                new Candidate("com.example.Null", () -> provider(null)),
                candidate(provider("memory")));

        assertEquals(Set.of("memory"), backends.names());
        assertEquals(List.of("com.example.Blank has a blank name (\"  \")", "com.example.Null has a blank name (\"null\")"),
                backends.failures());
    }

    @Test
    void aProviderThatCreatesNullIsAnError() {
        PersistenceBackendProvider memory = provider("memory");
        when(memory.create(any())).thenReturn(null);

        assertThrowsContaining(IllegalStateException.class, () -> found(memory).open("memory"),
                "of backend 'memory' returned null from create()");
    }

    @Test
    void aProviderThatRefusesTheConfigurationPropagatesItsError() {
        PersistenceBackendProvider memory = provider("memory");
        IllegalArgumentException refusal = new IllegalArgumentException("maxTotalBytes is not supported");
        when(memory.create(any())).thenThrow(refusal);

        assertSame(refusal, assertThrows(IllegalArgumentException.class, () -> found(memory).open("memory")));
    }

    @Test
    void openRefusesARetentionBoundTheProviderLacksTheCapabilityForBeforeCreatingAnything() {
        PersistenceBackendProvider file = provider("file");
        when(file.capabilities()).thenReturn(EnumSet.of(Capability.SCAN, Capability.RETENTION_MAX_AGE));
        RetentionPolicy retention = RetentionPolicy.none().withMaxRecords(5);
        BackendConfig config = BackendConfig.defaults().withRetention(retention);

        Expect.iae("Persistence backend 'file' cannot honour the retention bound maxRecords (capability "
                + "RETENTION_MAX_RECORDS) of " + retention + "; its capabilities are [SCAN, RETENTION_MAX_AGE]. Remove the bound or choose another backend.",
                () -> found(file).open("file", config));

        verify(file, never()).create(any());
    }

    @Test
    void everyMissingRetentionCapabilityIsNamed() {
        PersistenceBackendProvider file = provider("file");
        when(file.capabilities()).thenReturn(Set.of());
        RetentionPolicy retention = RetentionPolicy.none().withMaxRecords(5).withMaxAge(Duration.ofHours(1))
                .withMaxTotalBytes(1024);

        Expect.iae("Persistence backend 'file' cannot honour the retention bounds maxRecords (capability "
                + "RETENTION_MAX_RECORDS), maxAge (capability RETENTION_MAX_AGE), maxTotalBytes (capability "
                + "RETENTION_MAX_TOTAL_BYTES) of " + retention + "; its capabilities are []. Remove the bound or "
                + "choose another backend.",
                () -> found(file).open("file", BackendConfig.defaults().withRetention(retention)));

        verify(file, never()).create(any());
    }

    @Test
    void eachRetentionBoundNeedsItsOwnCapability() {
        Duration hour = Duration.ofHours(1);
        assertRefusedWithout(Capability.RETENTION_MAX_RECORDS, RetentionPolicy.none().withMaxRecords(1), "maxRecords");
        assertRefusedWithout(Capability.RETENTION_MAX_AGE, RetentionPolicy.none().withMaxAge(hour), "maxAge");
        assertRefusedWithout(Capability.RETENTION_MAX_TOTAL_BYTES, RetentionPolicy.none().withMaxTotalBytes(1),
                "maxTotalBytes");
    }

    /** With every capability but {@code missing}, {@code retention} is refused naming the bound; with all it opens. */
    private static void assertRefusedWithout(Capability missing, RetentionPolicy retention, String bound) {
        Set<Capability> allButOne = EnumSet.complementOf(EnumSet.of(missing));
        PersistenceBackendProvider lacking = provider("file");
        when(lacking.capabilities()).thenReturn(allButOne);
        BackendConfig config = BackendConfig.defaults().withRetention(retention);

        assertThrowsContaining(IllegalArgumentException.class, () -> found(lacking).open("file", config),
                "Persistence backend 'file' cannot honour the retention bound " + bound + " (capability " + missing + ")");
        verify(lacking, never()).create(any());

        PersistenceBackendProvider able = provider("file");
        when(able.capabilities()).thenReturn(EnumSet.allOf(Capability.class));
        PersistenceBackend created = mock(PersistenceBackend.class);
        when(able.create(config)).thenReturn(created);
        assertSame(created, found(able).open("file", config));
    }

    @Test
    void anUnboundedRetentionNeedsNoCapability() {
        PersistenceBackendProvider file = provider("file");
        when(file.capabilities()).thenReturn(Set.of());
        BackendConfig config = BackendConfig.defaults().withRetention(RetentionPolicy.none()
                .withMaxRecords(RetentionPolicy.UNBOUNDED).withMaxTotalBytes(RetentionPolicy.UNBOUNDED));
        PersistenceBackend created = mock(PersistenceBackend.class);
        when(file.create(config)).thenReturn(created);

        assertSame(created, found(file).open("file", config));
    }

    @Test
    void openDefaultOpensMemoryWhenThePropertyIsNotSet() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackendProvider file = provider("file");

        PersistenceBackend created = mock(PersistenceBackend.class);
        when(memory.create(BackendConfig.defaults())).thenReturn(created);

        withBackendProperty(null, () -> {
            assertEquals("memory", PersistenceBackends.configuredName());
            assertSame(created, found(memory, file).openDefault());
        });

        verify(memory).create(BackendConfig.defaults());
        verify(file, never()).create(any());
    }

    @Test
    void openDefaultHonoursTheProperty() {
        PersistenceBackendProvider memory = provider("memory");
        PersistenceBackendProvider file = provider("file");
        BackendConfig config = BackendConfig.defaults().withOption("path", "/var/log/papyra");

        PersistenceBackend byDefault = mock(PersistenceBackend.class);
        PersistenceBackend configured = mock(PersistenceBackend.class);
        when(file.create(BackendConfig.defaults())).thenReturn(byDefault);
        when(file.create(config)).thenReturn(configured);

        withBackendProperty(" file ", () -> {
            assertEquals("file", PersistenceBackends.configuredName());
            assertSame(byDefault, found(memory, file).openDefault());
            assertSame(configured, found(memory, file).openDefault(config));
        });

        verify(file).create(BackendConfig.defaults());
        verify(file).create(config);
        verify(memory, never()).create(any());
    }

    @Test
    void openDefaultWithAnUnknownPropertyListsTheNamesFoundAndSaysTheNameCameFromTheProperty() {
        PersistenceBackends backends = found(provider("memory"));

        withBackendProperty("sqlite", () -> Expect.iae("Unknown persistence backend 'sqlite' (named by the system "
                + "property papyra.persistence.backend); backends found: [memory] in " + SEARCHED + ".",
                backends::openDefault));
    }

    @Test
    void openDefaultWithoutThePropertySaysTheUnknownNameIsTheDefault() {
        PersistenceBackends backends = found(provider("file"));

        withBackendProperty(null, () -> Expect.iae("Unknown persistence backend 'memory' (the default; set the "
                + "system property papyra.persistence.backend to choose another); backends found: [file] in "
                + SEARCHED + ".", backends::openDefault));
    }

    @Test
    void anUnknownNameGivenToOpenDoesNotMentionTheProperty() {
        PersistenceBackends backends = found(provider("file"));

        withBackendProperty("file", () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backends.open("sqlite"));
            assertFalse(e.getMessage().contains(PersistenceBackends.BACKEND_PROPERTY), e.getMessage());
        });
    }

    @Test
    void aBlankPropertyIsRejected() {
        PersistenceBackends backends = found(provider("memory"));
        String message = "System property papyra.persistence.backend must name a backend, was blank; unset it to use 'memory'";

        withBackendProperty(" ", () -> {
            Expect.iae(message, PersistenceBackends::configuredName);
            Expect.iae(message, backends::openDefault);
        });
    }

    @Test
    void aClassLoaderThatSeesNoProviderFindsNothingAndTheMessageNamesTheLoader() throws IOException {
        try (URLClassLoader empty = new URLClassLoader("plugins", new URL[0], null)) {
            PersistenceBackends backends = PersistenceBackends.discover(empty);

            assertEquals(Set.of(), backends.names());
            assertEquals(List.of(), backends.failures());
            IllegalStateException e = assertThrowsContaining(IllegalStateException.class, () -> backends.open("memory"),
                    "No persistence backend provider found in class loader 'plugins' (java.net.URLClassLoader), its "
                            + "parents and the modules defined to them, so backend 'memory' cannot be opened. ",
                    "io.papyra:papyra-persistence-memory");
            assertFalse(e.getMessage().contains("ClassLoader@"), () -> "a class loader's toString in: " + e.getMessage());
        }
    }

    @Test
    void anUnnamedClassLoaderIsNamedByItsType() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThrowsContaining(IllegalStateException.class, () -> PersistenceBackends.discover(empty).open("memory"),
                    "No persistence backend provider found in class loader java.net.URLClassLoader, its parents");
        }
    }

    @Test
    void providersListedInMetaInfServicesAreFoundAndBrokenEntriesAreIsolated(@TempDir Path dir) throws IOException {
        IsolatedClassPath classPath = new IsolatedClassPath(dir,
                "com.example.Missing", FAILING_CONSTRUCTOR, "# a comment", WORKING);

        PersistenceBackends backends = PersistenceBackends.discover(classPath);

        assertEquals(Set.of("classpath"), backends.names());
        PersistenceBackendProvider found = backends.provider("classpath");
        assertEquals(WORKING, found.getClass().getName());
        assertSame(classPath, found.getClass().getClassLoader());
        assertEquals(2, backends.failures().size(), backends.failures()::toString);
        assertTrue(backends.failures().get(0).startsWith("<unknown provider> failed to load: "
                + "java.util.ServiceConfigurationError: "), backends.failures().get(0));
        assertTrue(backends.failures().get(0).contains("com.example.Missing not found"), backends.failures().get(0));
        assertTrue(backends.failures().get(1).startsWith(FAILING_CONSTRUCTOR + " failed to load: "
                + "java.util.ServiceConfigurationError: "), backends.failures().get(1));
        assertTrue(backends.failures().get(1).endsWith("; caused by java.lang.IllegalStateException: no licence"),
                backends.failures().get(1));
    }

    @Test
    void discoverSearchesTheContextClassLoader(@TempDir Path dir) throws IOException {
        IsolatedClassPath classPath = new IsolatedClassPath(dir, WORKING);

        PersistenceBackends backends = withContextClassLoader(classPath, PersistenceBackends::discover);

        assertEquals(Set.of("classpath"), backends.names());
    }

    @Test
    void withoutAContextClassLoaderDiscoverSearchesTheApisLoaderAndNamesItsPathEntries() {
        PersistenceBackends backends = withContextClassLoader(null, PersistenceBackends::discover);
        String firstEntry = firstEntryOfTheApplicationsPaths();

        IllegalStateException e = assertThrowsContaining(IllegalStateException.class, () -> backends.open("memory"),
                "No persistence backend provider found in the class path ", " and the module path ", firstEntry);
        assertFalse(e.getMessage().contains("AppClassLoader"), e.getMessage());
        assertFalse(e.getMessage().contains("ClassLoader@"), () -> "a class loader's toString in: " + e.getMessage());
    }

    @Test
    void theSystemClassLoaderIsDescribedByItsPathEntriesNotItsToString() {
        String description = PersistenceBackends.describe(ClassLoader.getSystemClassLoader());

        assertTrue(description.startsWith("the class path "), description);
        assertTrue(description.contains(firstEntryOfTheApplicationsPaths()), description);
        assertFalse(description.contains(ClassLoader.getSystemClassLoader().toString()), description);
    }

    /** The first entry of the class path, or of the module path when the class path is empty. */
    private static String firstEntryOfTheApplicationsPaths() {
        String classPath = System.getProperty("java.class.path", "");
        String path = classPath.isBlank() ? System.getProperty("jdk.module.path", "") : classPath;
        assertFalse(path.isBlank(), "neither a class path nor a module path");
        return path.split(java.io.File.pathSeparator)[0];
    }

    @Test
    void theApiModuleAloneHasNoProvider() {
        PersistenceBackends backends = PersistenceBackends.discover();

        assertEquals(Set.of(), backends.names());
        assertThrowsContaining(IllegalStateException.class, backends::openDefault,
                "No persistence backend provider found", "io.papyra:papyra-persistence-memory");
    }

    @Test
    void discoverRejectsNulls() {
        Expect.npe("loader must not be null", () -> PersistenceBackends.discover((ClassLoader) null));
        Expect.npe("layer must not be null", () -> PersistenceBackends.discover((ModuleLayer) null));
    }

    @Test
    void theEmptyModuleLayerHasNoProvider() {
        PersistenceBackends backends = PersistenceBackends.discover(ModuleLayer.empty());

        assertEquals(Set.of(), backends.names());
        assertThrowsContaining(IllegalStateException.class, () -> backends.open("memory"),
                "No persistence backend provider found in an empty module layer, so backend 'memory' cannot be opened.");
    }

    @Test
    void aLayerResolvedAgainstTheApiInItsParentIsSearched() {
        Configuration nothing = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(), ModuleFinder.of(), Set.of());
        ModuleLayer child = ModuleLayer.boot().defineModulesWithOneLoader(nothing, ClassLoader.getSystemClassLoader());

        assertEquals(Set.of(), PersistenceBackends.discover(child).names());
    }

    @Test
    void aLayerWithItsOwnCopyOfTheApiIsRejected() throws URISyntaxException {
        ModuleLayer layer = layerWithACopyOfTheApi();
        Module copy = layer.findModule("io.papyra.persistence").orElseThrow();
        assertTrue(copy != PersistenceBackends.class.getModule(), "the layer should hold a copy, not this module");

        assertThrowsContaining(IllegalStateException.class, () -> PersistenceBackends.discover(layer),
                "The module layer holds its own copy of module io.papyra.persistence",
                "Resolve the layer against the parent that holds io.papyra.persistence");
    }

    @Test
    void onTheClassPathTheEmptyLayerHasNoProvider() throws Exception {
        try (URLClassLoader classPath = classPathCopyOfTheApi()) {
            Object backends = discoverThrough(classPath, ModuleLayer.empty());

            assertEquals(Set.of(), backends.getClass().getMethod("names").invoke(backends));
        }
    }

    @Test
    void onTheClassPathALayerWithACopyOfTheApiIsRejected() throws Exception {
        ModuleLayer layer = layerWithACopyOfTheApi();
        try (URLClassLoader classPath = classPathCopyOfTheApi()) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> discoverThrough(classPath, layer));

            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith("The module layer holds its own copy of module io.papyra.persistence"),
                    cause.getMessage());
        }
    }

    private static Path apiLocation() throws URISyntaxException {
        return Path.of(PersistenceBackends.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A child of the boot layer that defines module io.papyra.persistence again, from this API's own classes. */
    private static ModuleLayer layerWithACopyOfTheApi() throws URISyntaxException {
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(apiLocation()), ModuleFinder.of(), Set.of("io.papyra.persistence"));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
    }

    /**
     * A class loader that loads this API's classes into its unnamed module, as on the class path, whatever
     * path the tests run on. Its parent is the bootstrap loader (the API needs java.base only): the platform
     * loader would hand the API's packages to the module-path copy.
     */
    private static URLClassLoader classPathCopyOfTheApi() throws URISyntaxException, MalformedURLException {
        return new URLClassLoader(new URL[] {apiLocation().toUri().toURL()}, null);
    }

    private static Object discoverThrough(ClassLoader classPath, ModuleLayer layer) throws ReflectiveOperationException {
        Class<?> type = Class.forName(PersistenceBackends.class.getName(), true, classPath);
        assertTrue(!type.getModule().isNamed() && type != PersistenceBackends.class, "expected an unnamed copy");
        return type.getMethod("discover", ModuleLayer.class).invoke(null, layer);
    }

    private static final String WORKING = ClassPathProviders.Working.class.getName();
    private static final String FAILING_CONSTRUCTOR = ClassPathProviders.FailingConstructor.class.getName();

    private static <T> T withContextClassLoader(ClassLoader loader, Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * A class loader that stands for a backend jar on the class path: it lists {@code entries} in
     * {@code META-INF/services} and defines the {@link ClassPathProviders} classes itself, in its unnamed
     * module, while everything else (the API above all) comes from the tests' own loader.
     */
    private static final class IsolatedClassPath extends ClassLoader {
        private static final String SERVICES = "META-INF/services/" + PersistenceBackendProvider.class.getName();

        private final URL services;

        IsolatedClassPath(Path dir, String... entries) throws IOException {
            super("isolated-class-path", PersistenceBackendsTest.class.getClassLoader());
            Path file = dir.resolve(SERVICES);
            Files.createDirectories(file.getParent());
            Files.write(file, List.of(entries));
            this.services = file.toUri().toURL();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(ClassPathProviders.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] bytes = classBytes(name);
                    loaded = defineClass(name, bytes, 0, bytes.length);
                }
                return loaded;
            }
        }

        private static byte[] classBytes(String name) throws ClassNotFoundException {
            String resource = "/" + name.replace('.', '/') + ".class";
            try (InputStream in = ClassPathProviders.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            return Collections.enumeration(SERVICES.equals(name) ? List.of(services) : List.of());
        }
    }

    /** A provider of a fixed name that creates nothing; subclasses differ only by class name. */
    abstract static class FixedNameProvider implements PersistenceBackendProvider {
        private final String name;

        FixedNameProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public PersistenceBackend create(BackendConfig config) {
            throw new UnsupportedOperationException(name);
        }
    }

    static final class FirstMemory extends FixedNameProvider {
        FirstMemory() {
            super("memory");
        }
    }

    static final class SecondMemory extends FixedNameProvider {
        SecondMemory() {
            super("memory");
        }
    }
}
