package io.papyra.persistence.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link io.papyra.persistence.RetentionPolicy} of the backends that {@link PersistenceExtension}
 * creates. On a test method it applies to that test; on a class, to every test of the class and of
 * its {@code @Nested} classes that has none of its own. Without it, backends keep every record.
 * Every bound is optional; an attribute left at its default sets no bound.
 *
 * <pre>{@code
 * @Test
 * @WithRetention(maxRecords = 2, maxAge = "PT1H")
 * void keepsTheNewestTwo(InMemoryPersistence backend, ManualClock clock) { ... }
 * }</pre>
 *
 * <p>An invalid value (zero or negative bound, unparsable duration) fails the test that would use
 * it with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the
 * attribute, the value and what is allowed.
 *
 * @since 0.2
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WithRetention {

    /** The value of a count or size attribute that sets no bound. */
    long UNSET = -1;

    /**
     * Keeps at most this many records of each log; {@link #UNSET} (the default) for no bound.
     *
     * @return the bound, &gt; 0, or {@link #UNSET}
     */
    long maxRecords() default UNSET;

    /**
     * Hides records older than this, measured against the test's {@link ManualClock}, as an
     * ISO-8601 duration ({@code "PT1H"}, {@code "P1D"}, {@code "PT0.5S"}); empty (the default) for
     * no bound.
     *
     * @return the bound, a positive ISO-8601 duration, or empty
     */
    String maxAge() default "";

    /**
     * Keeps the newest records of each log whose sizes sum to at most this many bytes
     * ({@link io.papyra.persistence.PersistenceRecord#sizeInBytes()}); {@link #UNSET} (the default)
     * for no bound.
     *
     * @return the bound, &gt; 0, or {@link #UNSET}
     */
    long maxTotalBytes() default UNSET;
}
