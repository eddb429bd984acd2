package io.papyra.persistence.junit;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.memory.InMemoryPersistence;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Gives each test its own in-memory backend of the observability log and a {@link ManualClock} that
 * drives it, and closes the backend after the test.
 *
 * <pre>{@code
 * @ExtendWith(PersistenceExtension.class)
 * class OrderServiceTest {
 *     @Test
 *     @WithRetention(maxAge = "PT1H")
 *     void recordsAStartedEvent(PersistenceBackend backend, ManualClock clock) {
 *         new OrderService(backend, clock).start();
 *         PersistenceAssertions.assertEventRecorded(backend, "ActorStarted", "local://1");
 *         clock.advance(Duration.ofHours(2));
 *         PersistenceAssertions.assertEventCount(backend, 0);   // aged out
 *     }
 * }
 * }</pre>
 *
 * <h2>Parameters</h2>
 * A test method, and the {@code @BeforeEach} and {@code @AfterEach} methods around it, may declare
 * parameters of these types; within one test they all receive the same objects:
 * <ul>
 *   <li>{@link PersistenceBackend} or {@link InMemoryPersistence}: the test's backend, created on
 *       first use with the test's clock and the {@link WithRetention} policy that applies;</li>
 *   <li>{@link ManualClock}: the test's clock, starting at {@link ManualClock#DEFAULT_START}; the
 *       backend reads it for age retention.</li>
 * </ul>
 * A constructor or a {@code @BeforeAll} / {@code @AfterAll} method cannot receive them (they serve
 * several tests, and each test has its own backend): that is a {@link ParameterResolutionException}
 * saying where to inject instead.
 *
 * <h2>Lifecycle</h2>
 * The backend is closed after the test's {@code @AfterEach} methods, whether the test passed or
 * failed. Tests running in parallel never share a backend or a clock.
 *
 * <p>Instances are stateless (state lives in JUnit's per-test store) and thread-safe.
 *
 * @since 0.2
 */
public final class PersistenceExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PersistenceExtension.class);
    private static final String FIXTURE = "fixture";

    /** Creates the extension; JUnit calls this for {@code @ExtendWith(PersistenceExtension.class)}. */
    public PersistenceExtension() {
    }

    /**
     * {@inheritDoc}
     *
     * @return true for parameters of type {@link PersistenceBackend}, {@link InMemoryPersistence}
     *         and {@link ManualClock}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == PersistenceBackend.class || type == InMemoryPersistence.class || type == ManualClock.class;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ParameterResolutionException if the parameter belongs to a constructor or to a method
     *                                      that runs outside a single test ({@code @BeforeAll},
     *                                      {@code @AfterAll}); the message says where to inject instead
     * @throws ExtensionConfigurationException if the {@link WithRetention} that applies has an
     *                                         invalid value; the message names it
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (parameterContext.getDeclaringExecutable() instanceof Constructor || extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("PersistenceExtension cannot inject a " + type.getSimpleName()
                    + " into " + parameterContext.getDeclaringExecutable()
                    + ": each test gets its own backend and clock, so declare the parameter on the test method"
                    + " or on a @BeforeEach or @AfterEach method, not on a constructor, @BeforeAll or @AfterAll method.");
        }
        Fixture fixture = extensionContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(FIXTURE, key -> Fixture.create(extensionContext), Fixture.class);
        return type == ManualClock.class ? fixture.clock() : fixture.backend();
    }

    /**
     * Closes the test's backend, if the test used one; runs after the test's {@code @AfterEach}
     * methods, whether the test passed or failed.
     *
     * @param context the test's context, never null
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Fixture fixture = context.getStore(NAMESPACE).remove(FIXTURE, Fixture.class);
        if (fixture != null) {
            fixture.backend().close();
        }
    }

    /** One test's clock and backend. */
    private record Fixture(ManualClock clock, InMemoryPersistence backend) {
        static Fixture create(ExtensionContext context) {
            ManualClock clock = new ManualClock();
            BackendConfig config = BackendConfig.defaults().withClock(clock).withRetention(retention(context));
            return new Fixture(clock, new InMemoryPersistence(config));
        }
    }

    /** The policy of the nearest {@link WithRetention}: the test method's, else its class's, else an enclosing class's. */
    static RetentionPolicy retention(ExtensionContext context) {
        for (Optional<ExtensionContext> level = Optional.of(context); level.isPresent(); level = level.get().getParent()) {
            Optional<AnnotatedElement> element = level.get().getElement();
            if (element.isPresent()) {
                Optional<WithRetention> found = AnnotationSupport.findAnnotation(element.get(), WithRetention.class);
                if (found.isPresent()) {
                    return policy(found.get(), element.get());
                }
            }
        }
        return RetentionPolicy.none();
    }

    private static RetentionPolicy policy(WithRetention annotation, AnnotatedElement where) {
        RetentionPolicy policy = RetentionPolicy.none();
        if (annotation.maxRecords() != WithRetention.UNSET) {
            policy = policy.withMaxRecords(positive("maxRecords", annotation.maxRecords(), where));
        }
        if (!annotation.maxAge().isEmpty()) {
            policy = policy.withMaxAge(duration(annotation.maxAge(), where));
        }
        if (annotation.maxTotalBytes() != WithRetention.UNSET) {
            policy = policy.withMaxTotalBytes(positive("maxTotalBytes", annotation.maxTotalBytes(), where));
        }
        return policy;
    }

    private static long positive(String attribute, long value, AnnotatedElement where) {
        if (value <= 0) {
            throw new ExtensionConfigurationException("@WithRetention(" + attribute + " = " + value + ") on " + where
                    + ": " + attribute + " must be positive, or left out for no bound");
        }
        return value;
    }

    private static Duration duration(String text, AnnotatedElement where) {
        Duration parsed;
        try {
            parsed = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@WithRetention(maxAge = \"" + text + "\") on " + where
                    + ": maxAge must be an ISO-8601 duration such as \"PT1H\", \"P1D\" or \"PT0.5S\"", e);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new ExtensionConfigurationException("@WithRetention(maxAge = \"" + text + "\") on " + where
                    + ": maxAge must be positive, or left out for no bound");
        }
        return parsed;
    }
}
