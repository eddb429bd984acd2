package io.papyra.benchmarks;

/**
 * The JVM flags of every benchmark fork, named once (annotation values must be constants).
 *
 * <ul>
 *   <li>A fixed heap ({@code -Xms} = {@code -Xmx}) so that it never resizes during a measurement.</li>
 *   <li>A fixed 1 GiB young generation. The append benchmarks allocate a few bytes per append into
 *       a live log of at most 2^20 references per writer (see {@link Fixtures#RENEW_MASK}), so a
 *       young collection comes every second or so, finds a few MiB alive, and promotes next to
 *       nothing. The read and compaction benchmarks build their fixtures in a trial setup and then
 *       {@link Fixtures#settle() collect fully}, so the fixtures sit in the old generation and
 *       are not copied during measurements.</li>
 *   <li>{@code -XX:+AlwaysPreTouch}: on this kind of virtual machine, the first touch of a heap page
 *       is expensive (pre-touching 4 GiB takes seconds of system time); without it the first sweep
 *       through the young generation puts page faults into the early measurements.</li>
 * </ul>
 * The collector is the JDK's default (G1), so that write barriers cost what they cost in production.
 */
final class Jvm {

    static final String XMS = "-Xms2g";
    static final String XMX = "-Xmx2g";
    static final String XMN = "-Xmn1g";
    static final String PRETOUCH = "-XX:+AlwaysPreTouch";

    private Jvm() {
    }
}
