package io.papyra.persistence.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The kit's own JUnit extension, registered on {@link PersistenceBackendTck}:
 * <ul>
 *   <li>starts each test with a new {@link Fixture}: a new clock, no backend, the kit's settings ({@code papyra.tck.*}), read from the JUnit
 *       configuration parameters, falling back to the system properties;</li>
 *   <li>makes every failure name the backend under test and the clause of the contract: an
 *       exception that does not come from a kit assertion (a backend that throws where it must
 *       not, a test aborted from inside the backend) becomes an assertion failure whose message
 *       starts with {@code [BackendClass]} and the test's display name, the original as its cause.
 *       A kit test therefore either passes or fails; it is never skipped or aborted.</li>
 * </ul>
 */
final class KitExtension implements BeforeEachCallback, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        if (context.getTestInstance().orElse(null) instanceof PersistenceBackendTck kit) {
            kit.startTest(key -> context.getConfigurationParameter(key)
                    .or(() -> Optional.ofNullable(System.getProperty(key))));
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw named(context, thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw named(context, thrown);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw named(context, thrown);
    }

    private static Throwable named(ExtensionContext context, Throwable thrown) {
        if (!(context.getTestInstance().orElse(null) instanceof PersistenceBackendTck kit)
                || thrown instanceof VirtualMachineError) {
            return thrown;
        }
        String prefix = "[" + kit.backendName() + "] ";
        String message = thrown.getMessage();
        if (thrown instanceof AssertionError && message != null && message.startsWith(prefix)) {
            return thrown;
        }
        String clause = context.getTestMethod().map(KitExtension::clauseOf).orElse(context.getDisplayName());
        String invocation = clause.equals(context.getDisplayName()) ? "" : " [" + context.getDisplayName() + "]";
        return new AssertionFailedError(prefix + clause + invocation + ": failed with " + thrown, thrown);
    }

    private static String clauseOf(Method method) {
        DisplayName name = method.getAnnotation(DisplayName.class);
        return name == null ? method.getName() : name.value();
    }
}
