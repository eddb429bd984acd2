package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.memory.internal.InMemoryPersistenceProvider;
import io.papyra.persistence.spi.PersistenceBackendProvider;
import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory backend is found under the name {@code memory}: through the {@code provides} clause
 * in a module layer, through the generated {@code META-INF/services} on a plain class path, and
 * through the API's entry point by name and by system property.
 */
class DiscoveryTest {

    private static final String SERVICES =
            "META-INF/services/" + PersistenceBackendProvider.class.getName();

    @Test
    void theEntryPointOpensMemoryByName() {
        PersistenceBackends backends = PersistenceBackends.discover();
        assertTrue(backends.names().contains("memory"), () -> "found " + backends.names());
        assertEquals(InMemoryPersistence.CAPABILITIES, Objects.requireNonNull(backends.provider("memory")).capabilities());
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(3);
        try (PersistenceBackend backend = backends.open("memory", BackendConfig.defaults().withRetention(policy))) {
            assertInstanceOf(InMemoryPersistence.class, backend);
            assertEquals(policy, backend.retention());
        }
    }

    @Test
    void theEntryPointOpensTheBackendNamedBySystemProperty() {
        String previous = System.getProperty(PersistenceBackends.BACKEND_PROPERTY);
        try {
            System.clearProperty(PersistenceBackends.BACKEND_PROPERTY);
            assertInstanceOf(InMemoryPersistence.class, PersistenceBackends.discover().openDefault());
            System.setProperty(PersistenceBackends.BACKEND_PROPERTY, "memory");
            assertInstanceOf(InMemoryPersistence.class, PersistenceBackends.discover().openDefault());
        } finally {
            if (previous == null) {
                System.clearProperty(PersistenceBackends.BACKEND_PROPERTY);
            } else {
                System.setProperty(PersistenceBackends.BACKEND_PROPERTY, previous);
            }
        }
    }

    @Test
    void theGeneratedServicesFileNamesTheProvider() throws Exception {
        Path services = location(InMemoryPersistence.class).resolve(SERVICES);
        assertEquals(List.of(InMemoryPersistenceProvider.class.getName()),
                Files.readAllLines(services, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
    }

    /**
     * A fresh class loader over the API and memory classes only, with no module of the project in
     * sight: discovery must go through {@code META-INF/services}.
     */
    @Test
    void onAPlainClassPathTheServicesFileIsFound() throws Exception {
        URL[] path = {location(PersistenceBackends.class).toUri().toURL(),
                location(InMemoryPersistence.class).toUri().toURL()};
        // Parent: the bootstrap loader, which (unlike the platform loader) never delegates to application modules.
        try (URLClassLoader loader = new URLClassLoader(path, null)) {
            Class<?> entry = loader.loadClass(PersistenceBackends.class.getName());
            assertTrue(!entry.getModule().isNamed(), "the copy must live on the class path");
            Object backends = entry.getMethod("discover", ClassLoader.class).invoke(null, loader);
            assertEquals(Set.of("memory"), entry.getMethod("names").invoke(backends));
            Object backend = entry.getMethod("open", String.class).invoke(backends, "memory");
            assertEquals(InMemoryPersistence.class.getName(), backend.getClass().getName());
            assertEquals(loader, backend.getClass().getClassLoader());
        }
    }

    /**
     * A module layer that holds only the memory module, resolved against a layer that holds a fresh
     * copy of the API (as a plugin host would do; the copy also keeps the boot layer's own memory
     * module out of the lookup): the provider is found through the {@code provides} clause.
     */
    @Test
    void inAModuleLayerTheProvidesClauseIsFound() throws Exception {
        ModuleLayer parent = apiLayer();
        Configuration configuration = parent.configuration().resolveAndBind(
                ModuleFinder.of(location(InMemoryPersistence.class)), ModuleFinder.of(), Set.of("io.papyra.persistence.memory"));
        ModuleLayer layer = parent.defineModulesWithOneLoader(configuration, null);
        Module memory = layer.findModule("io.papyra.persistence.memory").orElseThrow();
        assertEquals(layer, memory.getLayer());

        Object provider = providerIn(layer, parent);
        assertEquals(memory, provider.getClass().getModule(), "the provider comes from the new layer");
        // The provider's package is not exported: call it through the SPI, as the API does.
        Class<?> spi = parent.findLoader(api()).loadClass(PersistenceBackendProvider.class.getName());
        assertEquals("memory", spi.getMethod("name").invoke(provider));
        Object backend = spi.getMethod("create", configClass(parent))
                .invoke(provider, configClass(parent).getMethod("defaults").invoke(null));
        Class<?> event = parent.findLoader(api()).loadClass(EventRecord.class.getName());
        Object record = event.getConstructors()[0].newInstance("sys", "local://1", "ActorStarted", Map.of(), Instant.EPOCH);
        backend.getClass().getMethod("recordEvent", event).invoke(backend, record);
        Object events = backend.getClass().getMethod("listEvents").invoke(backend);
        assertEquals(List.of(record), events);
    }

    /** The provider of the layer's own memory module, looked up through the API of {@code parent}. */
    private static Object providerIn(ModuleLayer layer, ModuleLayer parent) throws Exception {
        Class<?> entry = parent.findLoader(api()).loadClass(PersistenceBackends.class.getName());
        Object backends = entry.getMethod("discover", ModuleLayer.class).invoke(null, layer);
        @SuppressWarnings("unchecked")
        List<Object> providers = (List<Object>) entry.getMethod("providers").invoke(backends);
        return providers.stream().filter(p -> p.getClass().getModule().getLayer() == layer).findFirst()
                .orElseThrow(() -> new AssertionError("no provider from the new layer in " + providers));
    }

    private static Class<?> configClass(ModuleLayer parent) throws ClassNotFoundException {
        return parent.findLoader(api()).loadClass(BackendConfig.class.getName());
    }

    private static String api() {
        return "io.papyra.persistence";
    }

    /** A layer holding only the API module, above the boot layer; works on module-path and class-path runs alike. */
    private static ModuleLayer apiLayer() throws URISyntaxException {
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(
                ModuleFinder.of(location(PersistenceBackends.class)), ModuleFinder.of(), Set.of(api()));
        return boot.defineModulesWithOneLoader(configuration, null);
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
