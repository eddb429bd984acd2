package io.papyra.benchmarks;

/**
 * The JVM flags of every benchmark fork, named once (annotation values must be constants).
 *
 * <p>A fixed heap ({@code -Xms} = {@code -Xmx}) so the heap never resizes during a measurement,
 * and a fixed 2 GiB young generation: the append benchmarks allocate a few bytes per append into
 * a live log of at most 2^20 references per writer (see {@link Fixtures#RENEW_MASK}), so a young
 * collection comes every few seconds, finds a few MiB alive, and promotes next to nothing. The
 * collector is the JDK's default (G1) so that write barriers cost what they cost in production.
 */
final class Jvm {

    static final String XMS = "-Xms4g";
    static final String XMX = "-Xmx4g";
    static final String XMN = "-Xmn2g";

    private Jvm() {
    }
}
