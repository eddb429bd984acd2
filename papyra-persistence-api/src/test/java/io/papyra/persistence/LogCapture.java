package io.papyra.persistence;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.mockito.invocation.Invocation;

/**
 * Captures what the API logs through {@link System.Logger}, which on a JDK with {@code java.logging} goes
 * to java.util.logging. The API module (into which these tests are patched) does not read
 * {@code java.logging}, so the JUL types are used by reflection (which assumes readability) and the
 * handler is a Mockito mock whose {@code publish} invocations are the log records.
 */
final class LogCapture {

    private LogCapture() {
    }

    /**
     * Runs {@code body} with the JUL logger of {@code loggerName} set to log everything to a capturing
     * handler only, then restores the logger.
     *
     * @return one line per record: its JUL level name, a space, its message, and, when it has one,
     *         " | thrown: " and the message of its throwable
     */
    static List<String> capture(String loggerName, Runnable body) {
        try {
            Class<?> loggerType = Class.forName("java.util.logging.Logger");
            Class<?> levelType = Class.forName("java.util.logging.Level");
            Class<?> handlerType = Class.forName("java.util.logging.Handler");
            Object logger = loggerType.getMethod("getLogger", String.class).invoke(null, loggerName);
            Object handler = mock(handlerType);
            Object level = loggerType.getMethod("getLevel").invoke(logger);
            Object useParentHandlers = loggerType.getMethod("getUseParentHandlers").invoke(logger);
            loggerType.getMethod("setLevel", levelType).invoke(logger, levelType.getField("ALL").get(null));
            loggerType.getMethod("setUseParentHandlers", boolean.class).invoke(logger, false);
            loggerType.getMethod("addHandler", handlerType).invoke(logger, handler);
            try {
                body.run();
            } finally {
                loggerType.getMethod("removeHandler", handlerType).invoke(logger, handler);
                loggerType.getMethod("setUseParentHandlers", boolean.class).invoke(logger, useParentHandlers);
                loggerType.getMethod("setLevel", levelType).invoke(logger, level);
            }
            return lines(handler);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("java.util.logging is not usable here", e);
        }
    }

    private static List<String> lines(Object handler) throws ReflectiveOperationException {
        Class<?> recordType = Class.forName("java.util.logging.LogRecord");
        Method getLevel = recordType.getMethod("getLevel");
        Method getMessage = recordType.getMethod("getMessage");
        Method getThrown = recordType.getMethod("getThrown");
        Method getName = Class.forName("java.util.logging.Level").getMethod("getName");
        List<String> lines = new ArrayList<>();
        for (Invocation invocation : mockingDetails(handler).getInvocations()) {
            if (!invocation.getMethod().getName().equals("publish")) {
                continue;
            }
            Object record = invocation.getArgument(0);
            Throwable thrown = (Throwable) getThrown.invoke(record);
            lines.add(getName.invoke(getLevel.invoke(record)) + " " + getMessage.invoke(record)
                    + (thrown == null ? "" : " | thrown: " + thrown.getMessage()));
        }
        return lines;
    }
}
