package io.papyra.persistence.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process for tests, on a free loopback port with a directory of its own,
 * stopped by the pid it was started with (never by name).
 *
 * <p>The binary is, in this order: the one named by the system property {@value #SERVER_PROPERTY};
 * else {@code redis-server} on {@code PATH}; else the Linux x86-64 binary shipped inside the test
 * dependency {@code com.github.codemonstur:embedded-redis} (Redis 6.2), extracted to
 * {@value #WORK_DIR_PROPERTY} (Maven sets it to {@code target/redis}) and made executable. When none
 * of them runs, {@link #start} throws an {@link IllegalStateException} saying what to install.
 *
 * <p>Not thread-safe: one test class owns a server, starts it in {@code @BeforeAll} and closes it in
 * {@code @AfterAll}.
 */
public final class RedisServer implements AutoCloseable {

    /** The system property naming the redis-server binary to run. */
    public static final String SERVER_PROPERTY = "papyra.redis.server";

    /** The system property naming where the embedded binary is extracted. */
    public static final String WORK_DIR_PROPERTY = "papyra.redis.workDir";

    private static final String EMBEDDED = "redis-server-6.2.6-v5-linux-amd64";
    private static final long START_TIMEOUT_MS = 20_000;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private static Path binary;

    private final Path executable;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(Path executable, Path dir, int port, List<String> extraArgs) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Starts a server with persistence off, in a new temporary directory.
     *
     * @param extraArgs further configuration, as {@code redis-server} command-line options, e.g.
     *                  {@code "--requirepass", "secret"}
     * @return the running server, answering PING
     */
    public static RedisServer start(String... extraArgs) {
        try {
            return start(Files.createTempDirectory("papyra-redis-"), extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server in {@code dir}.
     *
     * @param dir       the server's working directory (its dump and append-only files)
     * @param extraArgs further command-line options
     * @return the running server, answering PING
     */
    public static RedisServer start(Path dir, String... extraArgs) {
        Path exe = binary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probe and bind
            RedisServer server = new RedisServer(exe, dir, freePort(), List.of(extraArgs));
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The server's directory. */
    public Path dir() {
        return dir;
    }

    /** The pid of the running server process. */
    public long pid() {
        return process.pid();
    }

    /**
     * The URI of this server, without credentials.
     *
     * @return {@code redis://127.0.0.1:<port>}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server with SIGKILL (by its pid) and waits for it to be gone. */
    public void kill9() {
        process.destroyForcibly();
        waitGone();
    }

    /** Starts the server again, on the same port, in the same directory, with the same options. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the redis-server of pid " + process.pid() + " is still running");
        }
        launch();
    }

    /** Tells whether the process is alive. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the server by its pid: SIGTERM, then SIGKILL after a bounded wait. Idempotent. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        waitGone();
    }

    private void waitGone() {
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server pid " + process.pid() + " did not exit within "
                        + STOP_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server pid " + process.pid(), e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log: " + tail(dir.resolve("redis.log")) + tail(dir.resolve("redis.out")));
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(10); // polling a process start-up, not timing a behaviour under test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MS + " ms; its log: " + tail(dir.resolve("redis.log")));
    }

    /** PING over a raw socket: +PONG, or -NOAUTH when a password is required; either means the server is up. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - 2_000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The binary to run, found once per JVM. */
    public static synchronized Path binary() {
        if (binary == null) {
            binary = findBinary();
        }
        return binary;
    }

    private static Path findBinary() {
        List<String> tried = new ArrayList<>();
        String named = System.getProperty(SERVER_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            String problem = runs(path);
            if (problem == null) {
                return path;
            }
            // Named explicitly: do not fall back silently to another binary.
            throw new IllegalStateException("-D" + SERVER_PROPERTY + "=" + named + " cannot be run: " + problem
                    + ". Install Redis (e.g. `apt-get install redis-server`) or name a working binary.");
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    String problem = runs(candidate);
                    if (problem == null) {
                        return candidate;
                    }
                    tried.add(candidate + " (" + problem + ")");
                }
            }
        }
        tried.add("no redis-server on PATH");
        Path extracted = extractEmbedded(tried);
        if (extracted != null) {
            String problem = runs(extracted);
            if (problem == null) {
                return extracted;
            }
            tried.add(extracted + " (" + problem + ")");
        }
        throw new IllegalStateException("No runnable redis-server for the tests: tried " + String.join("; ", tried)
                + ". Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`),"
                + " or pass -D" + SERVER_PROPERTY + "=/path/to/redis-server. The binary embedded in "
                + "com.github.codemonstur:embedded-redis runs on Linux x86-64 with OpenSSL 3 (libssl3) only.");
    }

    private static Path extractEmbedded(List<String> tried) {
        ClassLoader loader = RedisServer.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                tried.add("no " + EMBEDDED + " in com.github.codemonstur:embedded-redis on the test class path");
                return null;
            }
            Path dir = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/redis")).toAbsolutePath();
            Files.createDirectories(dir);
            Path target = dir.resolve(EMBEDDED);
            Path temporary = Files.createTempFile(dir, EMBEDDED, ".part");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            temporary.toFile().setExecutable(true, true);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            tried.add("extracting " + EMBEDDED + " failed: " + e);
            return null;
        }
    }

    /** Runs {@code binary --version}; null if it ran and exited 0, else what went wrong. */
    private static String runs(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "--version did not exit within 10 s";
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && text.contains("Redis server") ? null
                    : "--version exited " + p.exitValue() + ": " + text;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
