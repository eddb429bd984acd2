package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StartupCheckExceptionTest {

    @Test
    void carriesMessageReportAndCause() {
        StartupCheckReport report = new StartupCheckReport("file", StartupCheckMode.SCAN_ONLY, ScanReport.clean("file"),
                null, null);
        IllegalStateException cause = new IllegalStateException("x");

        StartupCheckException e = new StartupCheckException("bad data", report, cause);

        assertEquals("bad data", e.getMessage());
        assertSame(report, e.report());
        assertSame(cause, e.getCause());
    }

    @Test
    void reportAndCauseMayBeAbsent() {
        StartupCheckException e = new StartupCheckException("timed out", null, null);

        assertNull(e.report());
        assertNull(e.getCause());
    }

    @Test
    void nullMessageIsRejected() {
        Expect.npe("message must not be null", () -> new StartupCheckException(null, null, null));
    }
}
