package io.papyra.persistence.tck;

import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks that a backend module registers its providers so that {@link java.util.ServiceLoader}
 * finds them on the module path and on the class path alike, as the module is built (its
 * {@code target/classes} in a Maven test run, or its jar):
 * <ul>
 *   <li>the module has a {@code module-info.class} whose {@code provides} clauses name exactly
 *       the expected {@link PersistenceBackendProvider} implementations;</li>
 *   <li>its {@code META-INF/services} files (the class path's registration) name the same
 *       providers for the same services as the {@code provides} clauses (the module path's);</li>
 *   <li>each provider is a public top-level class implementing its service with a public
 *       no-argument constructor (the class path has no {@code provider()} method), in a package
 *       the module neither exports nor opens, so that no user compiles against it;</li>
 *   <li>no class in an exported package mentions {@code com.google.auto.service}: users compile
 *       against those classes, and a compile-time-only annotation there makes {@code javac
 *       -Xlint:all} warn.</li>
 * </ul>
 * A mistake in either registration shows up only on the path the backend's own tests do not use,
 * which is why this check reads the built module instead of loading services.
 *
 * <p>Use it from one test of the backend module:
 * <pre>{@code
 * class ServiceRegistrationTest {
 *     @Test
 *     void providerIsRegisteredOnBothPaths() {
 *         ProviderRegistration.assertRegistered(MyBackend.class, "com.example.mybackend.internal.MyProvider");
 *     }
 * }
 * }</pre>
 *
 * <p>Stateless; safe to call from any thread.
 *
 * @since 0.2
 */
public final class ProviderRegistration {

    private static final String SERVICES = "META-INF/services/";
    private static final String AUTO_SERVICE = "com/google/auto/service/";

    private ProviderRegistration() {
    }

    /**
     * Checks the registration of the module that holds {@code anyClassOfTheModule}.
     *
     * @param anyClassOfTheModule a class loaded from the backend module (from its
     *                            {@code target/classes} or its jar), never null
     * @param providers           the binary names of the {@link PersistenceBackendProvider}
     *                            implementations the module must provide, at least one
     * @throws NullPointerException     if an argument or a provider name is null
     * @throws IllegalArgumentException if no provider name is given
     * @throws AssertionError           if the registration is wrong; the message lists every
     *                                  problem found, with the module's location
     */
    public static void assertRegistered(Class<?> anyClassOfTheModule, String... providers) {
        Objects.requireNonNull(anyClassOfTheModule, "anyClassOfTheModule must not be null");
        Set<String> expected = expected(providers);
        Path location = location(anyClassOfTheModule);
        ModuleReference module = explicitModule(location);
        List<String> problems = new ArrayList<>(problems(module.descriptor(), servicesFiles(module), expected,
                name -> Class.forName(name, false, anyClassOfTheModule.getClassLoader())));
        problems.addAll(exportedClassesMentioningAutoService(module));
        if (!problems.isEmpty()) {
            fail("The providers of module " + module.descriptor().name() + " at " + location
                    + " are not registered as ServiceLoader needs them on both paths:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Loads a class by name for the checks; throws if it cannot. */
    interface ClassLookup {
        Class<?> load(String name) throws ClassNotFoundException;
    }

    private static Set<String> expected(String... providers) {
        Objects.requireNonNull(providers, "providers must not be null");
        if (providers.length == 0) {
            throw new IllegalArgumentException("providers must name at least one provider class, was empty");
        }
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < providers.length; i++) {
            expected.add(Objects.requireNonNull(providers[i], "providers must not contain null (index " + i + ")"));
        }
        return expected;
    }

    /**
     * Every problem with the registration described by {@code descriptor} and the parsed
     * {@code servicesFiles}, in a stable order; empty if there is none.
     */
    static List<String> problems(ModuleDescriptor descriptor, Map<String, Set<String>> servicesFiles,
                                 Set<String> expected, ClassLookup classes) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            provides.put(p.service(), new TreeSet<>(p.providers()));
        }
        Set<String> backendProviders = provides.getOrDefault(PersistenceBackendProvider.class.getName(), Set.of());
        if (!backendProviders.equals(expected)) {
            problems.add("module-info provides " + PersistenceBackendProvider.class.getName() + " with "
                    + backendProviders + ", expected " + expected);
        }
        if (!provides.equals(servicesFiles)) {
            problems.add("module-info provides " + provides + " but META-INF/services names " + servicesFiles
                    + " (the module path reads the first, the class path the second)");
        }
        Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> opened = descriptor.opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet());
        for (Map.Entry<String, Set<String>> p : provides.entrySet()) {
            for (String name : p.getValue()) {
                problems.addAll(providerProblems(p.getKey(), name, exported, opened, classes));
            }
        }
        return problems;
    }

    private static List<String> providerProblems(String serviceName, String name, Set<String> exported,
                                                 Set<String> opened, ClassLookup classes) {
        String where = name + " (provider of " + serviceName + ")";
        List<String> problems = new ArrayList<>();
        Class<?> service;
        Class<?> provider;
        try {
            service = classes.load(serviceName);
            provider = classes.load(name);
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of(where + " cannot be loaded: " + e);
        }
        if (!Modifier.isPublic(provider.getModifiers())) {
            problems.add(where + " must be public");
        }
        if (provider.getEnclosingClass() != null) {
            problems.add(where + " must be a top-level class");
        }
        if (!service.isAssignableFrom(provider)) {
            problems.add(where + " must implement " + serviceName);
        }
        try {
            if (!Modifier.isPublic(provider.getConstructor().getModifiers())) {
                problems.add(where + " must have a public no-argument constructor");
            }
        } catch (NoSuchMethodException e) {
            problems.add(where + " must have a public no-argument constructor (the class path has no provider() method)");
        }
        if (exported.contains(provider.getPackageName())) {
            problems.add(where + " must be in a package the module does not export");
        }
        if (opened.contains(provider.getPackageName())) {
            problems.add(where + " must be in a package the module does not open");
        }
        return problems;
    }

    /** The module's services files, parsed as ServiceLoader reads them (comments, blank lines, spaces). */
    static Map<String, Set<String>> servicesFiles(ModuleReference module) {
        Map<String, Set<String>> services = new TreeMap<>();
        try (ModuleReader reader = module.open()) {
            for (String resource : reader.list().filter(r -> r.startsWith(SERVICES) && r.length() > SERVICES.length()).toList()) {
                Set<String> providers = new TreeSet<>();
                for (String line : read(reader, resource, StandardCharsets.UTF_8).split("\n")) {
                    int comment = line.indexOf('#');
                    String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                    if (!name.isEmpty()) {
                        providers.add(name);
                    }
                }
                services.put(resource.substring(SERVICES.length()), providers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the services files of " + module.location().orElse(null), e);
        }
        return services;
    }

    private static List<String> exportedClassesMentioningAutoService(ModuleReference module) {
        Set<String> exported = module.descriptor().exports().stream()
                .map(e -> e.source().replace('.', '/') + "/").collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        try (ModuleReader reader = module.open()) {
            for (String resource : reader.list().filter(r -> r.endsWith(".class")).toList()) {
                int slash = resource.lastIndexOf('/');
                if (slash >= 0 && exported.contains(resource.substring(0, slash + 1))
                        && read(reader, resource, StandardCharsets.ISO_8859_1).contains(AUTO_SERVICE)) {
                    problems.add(resource + " is in an exported package and mentions " + AUTO_SERVICE.replace('/', '.')
                            + ": move the provider to a package the module does not export");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classes of " + module.location().orElse(null), e);
        }
        return problems;
    }

    private static String read(ModuleReader reader, String resource, Charset charset) throws IOException {
        try (InputStream in = reader.open(resource).orElseThrow(() -> new IOException(resource + " vanished"))) {
            return new String(in.readAllBytes(), charset);
        }
    }

    private static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalArgumentException("anyClassOfTheModule must be loaded from a directory or jar, "
                    + type.getName() + " has no code source");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("anyClassOfTheModule must be loaded from a directory or jar, "
                    + type.getName() + " comes from " + source.getLocation(), e);
        }
    }

    /** The explicit module at {@code location}; fails the check if it has no module-info.class. */
    private static ModuleReference explicitModule(Path location) {
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(location).findAll();
        } catch (FindException e) {
            return fail("cannot read a module at " + location + ": " + e.getMessage());
        }
        if (found.size() != 1 || found.iterator().next().descriptor().isAutomatic()) {
            return fail("no module-info.class at " + location + ": on the module path ServiceLoader finds "
                    + "providers through the provides clauses of a module declaration");
        }
        return found.iterator().next();
    }
}
