package io.papyra.persistence.file.internal;

import io.papyra.persistence.file.FilePersistence;

import java.nio.file.Path;

/** A child process that opens a directory for writing, appends 10 events, says so, and waits for stdin to close. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FilePersistence backend = new FilePersistence(Logs.config(Path.of(args[0]), "always"))) {
            for (int i = 0; i < 10; i++) {
                backend.recordEvent(Logs.event(i));
            }
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent
            }
        }
    }
}
