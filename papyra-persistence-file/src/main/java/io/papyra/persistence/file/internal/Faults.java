package io.papyra.persistence.file.internal;

import java.io.IOException;

/**
 * A test-only fault seam: tests install an implementation to make a write fail or to stop a
 * compaction at one of its steps, as a crash would, or to count and hold the writer's forces. Production code runs {@link #NONE}, whose
 * methods do nothing; nothing is counted for it.
 */
interface Faults {

    /** The steps of a compaction of one log, in order. */
    enum Step {
        /** The new generation's segments are written and forced, not yet committed. */
        WRITTEN,
        /** CURRENT names the new generation (renamed, directory forced); the old one is still there. */
        COMMITTED,
        /** The old generation is removed. */
        REMOVED
    }

    /** The seam production uses: does nothing. */
    Faults NONE = new Faults() {
    };

    /** Called before each write to a segment of {@code log}. */
    default void beforeWrite(String log) throws IOException {
    }

    /** Called before the writer forces the active segment of {@code log} (appends' bytes, not maintenance's). */
    default void beforeForce(String log) throws IOException {
    }

    /** Called after each step of a compaction of {@code log}. */
    default void compactionStep(String log, Step step) {
    }

    /** The installed seam. */
    static Faults current() {
        return Holder.current;
    }

    /** Installs a seam (tests only); returns the previous one. */
    static Faults install(Faults faults) {
        Faults previous = Holder.current;
        Holder.current = faults;
        return previous;
    }

    /** Holds the installed seam. */
    final class Holder {
        static volatile Faults current = NONE;

        private Holder() {
        }
    }
}
