package health.umr.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL that `make run` and the tests use when no external database is named.
 * A real PostgreSQL server (zonky binaries), not an imitation: the same SQL, the same locks.
 *
 * <p>A persistent one is owned by one UMR at a time: {@code umr.lock} in the data directory is held
 * (an OS file lock, released by the kernel however the JVM ends) for as long as the JVM runs. The
 * server is not a child of the JVM, so a JVM killed with SIGKILL leaves it running; the next start
 * holds the lock, so nothing else owns that server, and stops it before starting its own.
 *
 * <p>Every connection to a persistent one needs a password (scram-sha-256, TCP only), generated on
 * the first start and kept in {@code dataDir/postgres-password}, readable by its owner only.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    static final String LOCK_FILE = "umr.lock";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final Path pgData;
    private final boolean throwaway;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String password;
    private final Memory memory = Memory.configured();
    private int port;
    private EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path pgData, boolean throwaway, FileChannel lockChannel, FileLock lock, String password) {
        this.pgData = pgData;
        this.throwaway = throwaway;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.password = password;
    }

    /**
     * The server's memory settings, in PostgreSQL's units: {@code shared_buffers} and {@code
     * effective_cache_size}. By default sized for the machine the way PostgreSQL's documentation advises
     * for a dedicated server ("Resource Consumption": a quarter of the memory for shared buffers; more
     * than 40% is unlikely to help), bounded to 128 MB (PostgreSQL's own default) .. 8 GB, and the cache
     * the planner may assume half the memory. Either can be set ({@code
     * umr.embedded-postgres.shared-buffers} / {@code UMR_EMBEDDED_POSTGRES_SHARED_BUFFERS}, {@code
     * umr.embedded-postgres.effective-cache-size} / {@code UMR_EMBEDDED_POSTGRES_EFFECTIVE_CACHE_SIZE}, a
     * size such as {@code 2GB} or {@code 512MB}): read from a system property or the environment, since the
     * server starts before Quarkus' configuration. Linux maps shared buffers lazily: a server uses only the
     * pages it has read into them, so a test's small database costs little whatever the size.
     */
    public record Memory(String sharedBuffers, String effectiveCacheSize) {

        static final long MB = 1024 * 1024;
        static final long MIN_SHARED_BUFFERS_MB = 128;
        static final long MAX_SHARED_BUFFERS_MB = 8 * 1024;
        private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,9}(kB|MB|GB|TB)");

        public Memory {
            requireSize("umr.embedded-postgres.shared-buffers", sharedBuffers);
            requireSize("umr.embedded-postgres.effective-cache-size", effectiveCacheSize);
        }

        /** The defaults for a machine (or container) with this many bytes of memory. */
        public static Memory forMachine(long totalBytes) {
            long totalMb = Math.max(0, totalBytes / MB);
            long shared = Math.max(MIN_SHARED_BUFFERS_MB, Math.min(MAX_SHARED_BUFFERS_MB, totalMb / 4));
            long cache = Math.max(shared, totalMb / 2);
            return new Memory(shared + "MB", cache + "MB");
        }

        /** The settings given (system property, else environment), else {@link #forMachine} of this machine. */
        static Memory configured() {
            Memory machine = forMachine(machineBytes());
            return new Memory(
                    setting("umr.embedded-postgres.shared-buffers", "UMR_EMBEDDED_POSTGRES_SHARED_BUFFERS")
                            .orElse(machine.sharedBuffers()),
                    setting("umr.embedded-postgres.effective-cache-size", "UMR_EMBEDDED_POSTGRES_EFFECTIVE_CACHE_SIZE")
                            .orElse(machine.effectiveCacheSize()));
        }

        /** The memory the JVM sees: the container's limit when it has one (JDK 17 reads cgroups). */
        private static long machineBytes() {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
        }

        private static Optional<String> setting(String property, String environment) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                value = System.getenv(environment);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        private static void requireSize(String name, String value) {
            if (value == null || !SIZE.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        name + " '" + value + "' is not a size PostgreSQL takes, such as 2GB or 512MB");
            }
        }
    }

    /** Another running UMR holds the data directory. */
    public static final class DataDirectoryInUseException extends RuntimeException {
        DataDirectoryInUseException(String message) {
            super(message);
        }
    }

    /** This build carries no PostgreSQL binaries (built with -Dproduction): an external database is needed. */
    public static final class NoEmbeddedBinariesException extends RuntimeException {
        NoEmbeddedBinariesException(String message) {
            super(message);
        }
    }

    /**
     * Starts a server whose data survives restarts under {@code dataDir}, after taking the data
     * directory's lock and stopping a server a crashed UMR left running on it.
     *
     * @throws DataDirectoryInUseException when another running UMR holds {@code dataDir}
     */
    public static EmbeddedDatabase startPersistent(Path dataDir) {
        requireBinaries();
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new DataDirectoryInUseException("the data directory " + dir + " is in use by another running UMR"
                        + ownerOf(dir.resolve(LOCK_FILE))
                        + "; stop it first, or set UMR_DATA_DIR to another directory");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            Path cluster = dir.resolve("postgres");
            stopOrphan(cluster);
            Path passwordFile = dir.resolve("postgres-password");
            boolean protectedAlready = Files.isRegularFile(passwordFile);
            String password = protectedAlready ? Files.readString(passwordFile).trim() : newPassword();
            if (Files.isRegularFile(cluster.resolve("pg_hba.conf"))) {
                writeHba(cluster, protectedAlready);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(cluster, false, channel, lock, password);
            database.start();
            if (!protectedAlready) {
                // a new data dir, or one from before passwords: set the password, then require it
                database.protect(dir, passwordFile);
            }
            return database;
        } catch (SQLException e) {
            closeQuietly(channel);
            throw new IllegalStateException("could not set the embedded PostgreSQL's password under " + dir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not start the embedded PostgreSQL under " + dir, e);
        } catch (RuntimeException e) {
            if (!(e instanceof DataDirectoryInUseException)) {
                closeQuietly(channel);
            }
            throw e;
        }
    }

    /** Starts a throwaway server on a fresh temporary directory (tests, benchmarks); close() deletes it. */
    public static EmbeddedDatabase startThrowaway() {
        requireBinaries();
        try {
            EmbeddedDatabase database =
                    new EmbeddedDatabase(Files.createTempDirectory("umr-pg").resolve("postgres"), true, null, null, "");
            database.start();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** The password of {@link #USER} (empty for a throwaway server). */
    public String password() {
        return password;
    }

    private synchronized void protect(Path dir, Path passwordFile) throws IOException, SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER " + USER + " PASSWORD '" + password + "'");
            writeHba(pgData, true);
            statement.execute("SELECT pg_reload_conf()");
        }
        Path temporary = Files.createTempFile(
                dir,
                ".postgres-password",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, password);
        Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Local TCP only; a password for every connection once one is set (trust only to set it). */
    private static void writeHba(Path cluster, boolean password) throws IOException {
        String method = password ? "scram-sha-256" : "trust";
        Files.writeString(
                cluster.resolve("pg_hba.conf"),
                "# written by UMR (health.umr.config.EmbeddedDatabase)\n"
                        + "host all all 127.0.0.1/32 " + method + "\n"
                        + "host all all ::1/128 " + method + "\n");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** The memory settings the server is started with. */
    public Memory memory() {
        return memory;
    }

    /** The PostgreSQL data directory (PGDATA). */
    public Path dataDirectory() {
        return pgData;
    }

    /** Starts the server (again) on the same data and port: the first start picks a free port. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // zonky's default is off: a commit UMR had answered (and a Kafka offset it had committed
                    // after it) could be lost when PostgreSQL is killed. The server still does not fsync
                    // (zonky's -F): it survives a crash of UMR or of PostgreSQL, not of the machine.
                    .setServerConfig("synchronous_commit", "on")
                    // PostgreSQL's own default is 128 MB, which the unified records outgrow at about 35,000
                    // patients: beyond it reads copy some of their pages from the OS cache again, evicting
                    // others (bench/results/2026-12-02-read-pg.md). Sized for the machine instead (Memory).
                    .setServerConfig("shared_buffers", memory.sharedBuffers())
                    .setServerConfig("effective_cache_size", memory.effectiveCacheSize())
                    .setPGStartupWait(STARTUP_WAIT);
            if (!password.isEmpty()) {
                builder.setConnectConfig("password", password);
            }
            postgres = builder.start();
            port = postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL on " + pgData, e);
        }
    }

    /** Stops the server, keeping its data (a test's outage, say); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
        // a server the supervisor restarted is not zonky's: stop whatever still runs on this directory
        stopOrphan(pgData);
    }

    @Override
    public void close() {
        stop();
        if (lock != null) {
            closeQuietly(lockChannel);
        }
        if (throwaway) {
            deleteRecursively(pgData.getParent());
        }
    }

    // --- the server as the operating system sees it (no JVM state: works for any UMR on this directory) ---

    /** The live postmaster of {@code pgData}, from its postmaster.pid; empty when none runs. */
    public static Optional<ProcessHandle> postmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
                    .findFirst()
                    .orElse("")
                    .trim();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(first))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> isPostgresOf(p, pgData));
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server of {@code pgData} again as it last ran (postmaster.opts names the binary,
     * the port and the settings), after it died under a running UMR; blocks until it takes
     * connections. Used by the database monitor, which holds no zonky state: it works the same for
     * the server Main started and for a test's.
     *
     * @throws IllegalStateException with the reason when it cannot be started
     */
    public static void restartServer(Path pgData) {
        if (postmaster(pgData).isPresent()) {
            return;
        }
        List<String> tokens = new ArrayList<>();
        try {
            Matcher token =
                    Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(Files.readString(pgData.resolve("postmaster.opts")));
            while (token.find()) {
                tokens.add(token.group(1) != null ? token.group(1) : token.group(2));
            }
            // no live server of this directory (checked above): a postmaster.pid left by the dead one only misleads
            Files.deleteIfExists(pgData.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new IllegalStateException("its data directory " + pgData + " is not readable: " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            throw new IllegalStateException(pgData.resolve("postmaster.opts") + " is empty");
        }
        List<String> options = new ArrayList<>();
        for (int i = 1; i < tokens.size(); i++) {
            if ("-D".equals(tokens.get(i))) {
                i++;
            } else {
                options.add(tokens.get(i));
            }
        }
        Path log = pgData.resolveSibling("postgres-restart.log");
        List<String> command = new ArrayList<>();
        if (io.zonky.test.db.postgres.util.LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(
                Path.of(tokens.get(0)).resolveSibling("pg_ctl").toString(),
                "-D",
                pgData.toString(),
                "-o",
                String.join(" ", options),
                "-l",
                log.toString(),
                "-w",
                "-t",
                Long.toString(STARTUP_WAIT.toSeconds()),
                "start"));
        try {
            Process pgCtl =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (pgCtl.waitFor() != 0) {
                throw new IllegalStateException("pg_ctl start failed: " + lastLine(output) + lastLine(tail(log)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("pg_ctl could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting");
        }
    }

    private static String tail(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "" : " " + lines[lines.length - 1].strip();
    }

    private static boolean isPostgresOf(ProcessHandle process, Path pgData) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> c.endsWith("/postgres")).orElse(true);
        boolean ours = info.arguments()
                .map(args -> Arrays.asList(args).contains(pgData.toString()))
                .orElse(true);
        return postgres && ours;
    }

    /**
     * Stops a postmaster still running on {@code pgData} although its UMR is gone (killed with
     * SIGKILL, say): SIGTERM (its clients are dead, so the smart shutdown ends at once), SIGKILL if it
     * lingers. Removes a postmaster.pid that names no live server of this directory.
     */
    static void stopOrphan(Path pgData) {
        Optional<ProcessHandle> orphan = postmaster(pgData);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        LOG.infof("stopping the embedded PostgreSQL (pid %d) left running on %s", process.pid(), pgData);
        process.destroy();
        if (!awaitExit(process, ORPHAN_STOP_WAIT)) {
            process.destroyForcibly();
            awaitExit(process, ORPHAN_STOP_WAIT);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static String ownerOf(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void requireBinaries() {
        // the binaries jar `make run` and the tests use (pom.xml, profile embedded-postgres)
        if (EmbeddedDatabase.class.getClassLoader().getResource("postgres-linux-x86_64.txz") == null) {
            throw new NoEmbeddedBinariesException(
                    "this build has no embedded PostgreSQL: set QUARKUS_DATASOURCE_JDBC_URL (or UMR_DATABASE_URL)"
                            + " to an external PostgreSQL");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans up what is left
        }
    }
}
