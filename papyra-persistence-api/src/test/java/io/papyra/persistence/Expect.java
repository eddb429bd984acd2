package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Assertions on the exact exception a call throws; the API's messages are part of its contract. */
final class Expect {

    private Expect() {
    }

    static NullPointerException npe(String message, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(message, e.getMessage());
        return e;
    }

    static IllegalArgumentException iae(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
        return e;
    }
}
