package io.papyra.persistence.tck;

import io.papyra.persistence.spi.PersistenceBackendProvider;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registration check finds each mistake that breaks one of ServiceLoader's two paths, on module
 * descriptors and services files built in memory, and fails on a built module naming every problem.
 */
class ProviderRegistrationTest {

    private static final String SERVICE = PersistenceBackendProvider.class.getName();
    private static final String GOOD = TopLevelProvider.class.getName();
    private static final String PACKAGE = ProviderRegistrationTest.class.getPackageName();

    /** A provider without a public no-argument constructor. */
    public static class NoDefaultConstructor extends TopLevelProvider {
        /** The only constructor, with an argument. */
        public NoDefaultConstructor(String unused) {
        }
    }

    private static ModuleDescriptor.Builder module() {
        return ModuleDescriptor.newModule("com.example.backend").packages(Set.of(PACKAGE, "com.example.backend"));
    }

    private static List<String> problems(ModuleDescriptor descriptor, Map<String, Set<String>> services, String... expected) {
        return ProviderRegistration.problems(descriptor, services, Set.of(expected), Class::forName);
    }

    @Test
    void aModuleRegisteredOnBothPathsHasNoProblem() {
        ModuleDescriptor descriptor = module().provides(SERVICE, List.of(GOOD)).exports("com.example.backend").build();

        assertEquals(List.of(), problems(descriptor, Map.of(SERVICE, Set.of(GOOD)), GOOD));
    }

    @Test
    void aProviderMissingFromTheServicesFilesIsFound() {
        ModuleDescriptor descriptor = module().provides(SERVICE, List.of(GOOD)).build();

        List<String> problems = problems(descriptor, Map.of(), GOOD);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("META-INF/services names {}"), problems::toString);
    }

    @Test
    void aServicesFileNamingAnotherProviderIsFound() {
        ModuleDescriptor descriptor = module().provides(SERVICE, List.of(GOOD)).build();

        List<String> problems = problems(descriptor, Map.of(SERVICE, Set.of("com.example.backend.Other")), GOOD);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("the class path the second"), problems::toString);
    }

    @Test
    void aModuleProvidingOtherProvidersThanExpectedIsFound() {
        ModuleDescriptor descriptor = module().build();

        List<String> problems = problems(descriptor, Map.of(), GOOD);

        assertEquals(List.of("module-info provides " + SERVICE + " with [], expected [" + GOOD + "]"), problems);
    }

    @Test
    void providersInExportedOrOpenedPackagesAreFound() {
        ModuleDescriptor descriptor = module().provides(SERVICE, List.of(GOOD)).exports(PACKAGE).opens(PACKAGE).build();

        List<String> problems = problems(descriptor, Map.of(SERVICE, Set.of(GOOD)), GOOD);

        assertEquals(List.of(GOOD + " (provider of " + SERVICE + ") must be in a package the module does not export",
                GOOD + " (provider of " + SERVICE + ") must be in a package the module does not open"), problems);
    }

    @Test
    void providersServiceLoaderCannotInstantiateAreFound() {
        String nested = NoDefaultConstructor.class.getName();
        String notAProvider = ProviderRegistrationTest.class.getName();
        String missing = PACKAGE + ".NoSuchProvider";
        Set<String> all = Set.of(nested, notAProvider, missing);
        ModuleDescriptor descriptor = module().provides(SERVICE, List.copyOf(all)).build();

        String problems = String.join("\n", problems(descriptor, Map.of(SERVICE, all), all.toArray(String[]::new)));

        assertTrue(problems.contains(nested + " (provider of " + SERVICE + ") must be a top-level class"), problems);
        assertTrue(problems.contains(nested + " (provider of " + SERVICE + ") must have a public no-argument constructor"), problems);
        assertTrue(problems.contains(notAProvider + " (provider of " + SERVICE + ") must implement " + SERVICE), problems);
        assertTrue(problems.contains(notAProvider + " (provider of " + SERVICE + ") must have a public no-argument constructor"), problems);
        assertTrue(problems.contains(missing + " (provider of " + SERVICE + ") cannot be loaded"), problems);
    }

    @Test
    void aBuiltModuleThatProvidesNoBackendFailsNamingTheModule() {
        // The kit's own classes: in a test run they come from target/classes, which has a
        // module-info.class but provides no backend.
        AssertionError failure = assertThrows(AssertionError.class,
                () -> ProviderRegistration.assertRegistered(PersistenceBackendTck.class, GOOD));

        assertTrue(failure.getMessage().contains("module-info provides " + SERVICE + " with [], expected [" + GOOD + "]"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("io.papyra.persistence.tck"), failure.getMessage());
    }

    @Test
    void argumentsAreCheckedAtTheBoundary() {
        assertThrows(IllegalArgumentException.class, () -> ProviderRegistration.assertRegistered(TopLevelProvider.class));
        assertThrows(NullPointerException.class, () -> ProviderRegistration.assertRegistered(null, GOOD));
        assertThrows(NullPointerException.class,
                () -> ProviderRegistration.assertRegistered(TopLevelProvider.class, GOOD, null));
    }
}
