package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class AnomalyTest {

    @Test
    void keepsItsFieldsAndComparesByValue() {
        Anomaly anomaly = new Anomaly(AnomalyType.PARTIAL_WRITE, "audits.log:3", "no newline");

        assertEquals(AnomalyType.PARTIAL_WRITE, anomaly.type());
        assertEquals("audits.log:3", anomaly.location());
        assertEquals("no newline", anomaly.detail());
        assertEquals(new Anomaly(AnomalyType.PARTIAL_WRITE, "audits.log:3", "no newline"), anomaly);
        assertNotEquals(new Anomaly(AnomalyType.TRUNCATED_LINE, "audits.log:3", "no newline"), anomaly);
    }

    @Test
    void nullFieldIsRejectedByName() {
        Expect.npe("type must not be null", () -> new Anomaly(null, "l", "d"));
        Expect.npe("location must not be null", () -> new Anomaly(AnomalyType.UNEXPECTED_FILE, null, "d"));
        Expect.npe("detail must not be null", () -> new Anomaly(AnomalyType.UNEXPECTED_FILE, "l", null));
    }
}
