package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingPersistenceBackendTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    /** A decorator that changes nothing: what every subclass gets for the methods it does not override. */
    private static final class Plain extends ForwardingPersistenceBackend {
        Plain(PersistenceBackend delegate) {
            super(delegate);
        }
    }

    /** The instance methods of the interface, found by reflection so that a method added later is covered too. */
    private static List<Method> backendMethods() {
        List<Method> methods = new ArrayList<>();
        for (Method method : PersistenceBackend.class.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                methods.add(method);
            }
        }
        assertTrue(methods.size() >= 18, () -> "the 18 methods of API 0.2 not all found: " + methods);
        return methods;
    }

    /** An argument of each type the interface's methods take; a new parameter type fails here, by name. */
    private static Object argument(Class<?> type, Method method) {
        if (type == EventRecord.class) {
            return new EventRecord("sys", "local://1", "ActorStarted", Map.of("k", "v"), T);
        }
        if (type == AuditRecord.class) {
            return new AuditRecord("sys", T, 1, 1, 0, 0, 1, List.of(), List.of(), 0);
        }
        if (type == DeadLetterRecord.class) {
            return new DeadLetterRecord("sys", "local://7", "Ping", "ping", T);
        }
        if (type == Query.class) {
            return Query.latest(7).withSince(T);
        }
        if (type == RecoveryConfig.class) {
            return new RecoveryConfig(RecoveryMode.QUARANTINE, "/q");
        }
        throw new AssertionError("no test argument of type " + type.getName() + " for " + method);
    }

    /**
     * A result of each type the interface's methods return, distinct from what a Mockito mock returns
     * unstubbed (a new list, true), so that returning it shows the delegate's result came back.
     */
    private static Object result(Class<?> type, Method method) {
        if (type == String.class) {
            return "delegate-" + method.getName();
        }
        if (type == List.class) {
            return new ArrayList<>(List.of());
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == RetentionPolicy.class) {
            return RetentionPolicy.none().withMaxRecords(3);
        }
        if (type == PersistenceMetrics.class) {
            return new MetricsRecorder();
        }
        if (type == java.util.Set.class) {
            return EnumSet.of(Capability.SCAN, Capability.COMPACTION);
        }
        if (type == ScanReport.class) {
            return ScanReport.clean("delegate");
        }
        if (type == RecoveryReport.class) {
            return RecoveryReport.nothingToDo("delegate", RecoveryMode.QUARANTINE);
        }
        if (type == CompactionReport.class) {
            return CompactionReport.ofRecords("delegate", 9, 4);
        }
        throw new AssertionError("no test result of type " + type.getName() + " for " + method);
    }

    private static Object[] arguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = argument(types[i], method);
        }
        return arguments;
    }

    private static Object call(Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void everyMethodIsForwardedOnceWithTheSameArgumentsAndReturnsTheDelegatesResult() throws Throwable {
        for (Method method : backendMethods()) {
            PersistenceBackend delegate = mock(PersistenceBackend.class);
            Object[] arguments = arguments(method);
            Object result = method.getReturnType() == void.class ? null : result(method.getReturnType(), method);
            if (result != null) {
                call(method, doReturn(result).when(delegate), arguments);
            }

            Object returned = call(method, new Plain(delegate), arguments);

            if (result instanceof Boolean) {
                assertEquals(result, returned, method::toString);
            } else {
                assertSame(result, returned, method::toString);
            }
            call(method, verify(delegate, times(1)), arguments);
            verifyNoMoreInteractions(delegate);
        }
    }

    @Test
    void theDelegatesExceptionsReachTheCallerUnchanged() throws Throwable {
        for (Method method : backendMethods()) {
            PersistenceBackend delegate = mock(PersistenceBackend.class);
            Object[] arguments = arguments(method);
            IllegalStateException failure = new IllegalStateException("from " + method.getName());
            call(method, doThrow(failure).when(delegate), arguments);

            Throwable thrown = assertThrows(IllegalStateException.class,
                    () -> call(method, new Plain(delegate), arguments), method::toString);

            assertSame(failure, thrown, method::toString);
        }
    }

    @Test
    void theDefaultReadsAreForwardedToTheDelegatesOwnAndNotToTheInterfaceDefaults() throws NoSuchMethodException {
        for (String read : List.of("listEvents", "listAudits", "listDeadLetters")) {
            Method method = ForwardingPersistenceBackend.class.getMethod(read);
            assertEquals(ForwardingPersistenceBackend.class, method.getDeclaringClass(), read);
            assertFalse(method.isDefault(), read);
        }
    }

    @Test
    void aSubclassOverridesOnlyWhatItChanges() {
        PersistenceBackend delegate = mock(PersistenceBackend.class);
        List<EventRecord> seen = new ArrayList<>();
        PersistenceBackend counting = new ForwardingPersistenceBackend(delegate) {
            @Override
            public void recordEvent(EventRecord event) {
                seen.add(event);
                super.recordEvent(event);
            }
        };
        EventRecord event = new EventRecord("sys", "local://1", "ActorStarted", Map.of(), T);

        counting.recordEvent(event);
        counting.close();

        assertEquals(List.of(event), seen);
        verify(delegate).recordEvent(event);
        verify(delegate).close();
        verifyNoMoreInteractions(delegate);
    }

    @Test
    void delegateAndToString() {
        PersistenceBackend delegate = mock(PersistenceBackend.class, "memoryBackend");
        Plain plain = new Plain(delegate);

        assertSame(delegate, plain.delegate());
        assertEquals("Plain[memoryBackend]", plain.toString());
    }

    @Test
    void aNullDelegateIsRejected() {
        Expect.npe("delegate must not be null", () -> new Plain(null));
    }
}
