package io.papyra.persistence.redis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module's two registrations of its provider agree, as the jar ships them: the {@code provides}
 * clauses of the built {@code module-info.class} (module path) and the {@code META-INF/services}
 * files that auto-service generated (class path) name the same providers for the same services.
 * Each provider is what {@link java.util.ServiceLoader} needs on both paths (a public top-level
 * class with a public no-arg constructor) and lives in a package the module does not export, so no
 * user compiles against a class carrying the compile-time-only {@code @AutoService} annotation.
 */
class ServiceRegistrationTest {

    private static final String SERVICES = "META-INF/services/";

    @Test
    void providesClausesAndServicesFilesNameTheSameProviders() throws IOException {
        ModuleReference module = builtModule();
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : module.descriptor().provides()) {
            provides.put(p.service(), new TreeSet<>(p.providers()));
        }
        assertEquals(Map.of("io.papyra.persistence.spi.PersistenceBackendProvider",
                Set.of("io.papyra.persistence.redis.internal.RedisBackendProvider")), provides);
        assertEquals(provides, servicesFiles(module),
                "module-info.class provides (left) and META-INF/services (right) of " + module.location().orElseThrow());
    }

    @Test
    void providersAreInstantiableByServiceLoaderAndNotExported() throws Exception {
        ModuleDescriptor descriptor = builtModule().descriptor();
        Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> opened = descriptor.opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet());
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            Class<?> service = Class.forName(p.service());
            for (String name : p.providers()) {
                Class<?> provider = Class.forName(name);
                String where = name + " (provider of " + p.service() + ")";
                assertTrue(Modifier.isPublic(provider.getModifiers()), where + " must be public");
                assertTrue(provider.getEnclosingClass() == null, where + " must be a top-level class");
                assertTrue(service.isAssignableFrom(provider), where + " must implement the service");
                assertTrue(Modifier.isPublic(provider.getConstructor().getModifiers()),
                        where + " must have a public no-arg constructor (the class path has no provider() method)");
                assertFalse(exported.contains(provider.getPackageName()), where + " must be in a package the module does not export");
                assertFalse(opened.contains(provider.getPackageName()), where + " must be in a package the module does not open");
            }
        }
    }

    /** The class files users compile against never name auto-service (javac -Xlint:all would warn, and -Werror fail). */
    @Test
    void exportedClassesDoNotMentionAutoService() throws IOException {
        ModuleReference module = builtModule();
        Set<String> exported = module.descriptor().exports().stream()
                .map(e -> e.source().replace('.', '/') + "/").collect(Collectors.toSet());
        List<String> mentioning = new ArrayList<>();
        int classes = 0;
        try (ModuleReader reader = module.open()) {
            for (String resource : reader.list().filter(r -> r.endsWith(".class")).toList()) {
                int slash = resource.lastIndexOf('/');
                if (slash < 0 || !exported.contains(resource.substring(0, slash + 1))) {
                    continue;
                }
                classes++;
                try (InputStream in = reader.open(resource).orElseThrow()) {
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("com/google/auto/service/")) {
                        mentioning.add(resource);
                    }
                }
            }
        }
        assertTrue(classes > 0, "no class found in the exported packages " + exported);
        assertEquals(List.of(), mentioning);
    }

    /** The services files of the module, parsed as ServiceLoader reads them (comments, blanks, spaces). */
    private static Map<String, Set<String>> servicesFiles(ModuleReference module) throws IOException {
        Map<String, Set<String>> services = new TreeMap<>();
        try (ModuleReader reader = module.open()) {
            for (String resource : reader.list().filter(r -> r.startsWith(SERVICES) && r.length() > SERVICES.length()).toList()) {
                Set<String> providers = new TreeSet<>();
                try (InputStream in = reader.open(resource).orElseThrow()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        int comment = line.indexOf('#');
                        String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                        if (!name.isEmpty()) {
                            providers.add(name);
                        }
                    }
                }
                services.put(resource.substring(SERVICES.length()), providers);
            }
        }
        return services;
    }

    /** The module as built (target/classes in a Maven build, or the jar), read with ModuleFinder. */
    private static ModuleReference builtModule() {
        Path location;
        try {
            location = Path.of(RedisPersistence.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ModuleFinder.of(location).find("io.papyra.persistence.redis")
                .orElseThrow(() -> new AssertionError("no module io.papyra.persistence.redis at " + location));
    }
}
