package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupCheckExceptionTest {

    @Test
    void carriesMessageReportAndCause() {
        StartupCheckReport report = new StartupCheckReport(StartupCheckMode.SCAN_ONLY, ScanReport.clean(), null, null);
        IllegalStateException cause = new IllegalStateException("x");

        StartupCheckException e = new StartupCheckException("bad data", report, cause);

        assertEquals("bad data", e.getMessage());
        assertEquals(Optional.of(report), e.report());
        assertSame(cause, e.getCause());
    }

    @Test
    void reportAndCauseAreOptional() {
        StartupCheckException e = new StartupCheckException("timed out", null, null);

        assertEquals(Optional.empty(), e.report());
        assertNull(e.getCause());
    }

    @Test
    void nullMessageIsRejected() {
        Expect.npe("message must not be null", () -> new StartupCheckException(null, null, null));
    }
}
