package dev.aec.runtime.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The one writer of a run directory: `run.lock` holds an operating-system lock for as long as a
 * process trains the run, and names that process. The lock dies with its process (even after
 * SIGKILL), so a lock file nobody holds is stale and is taken over. The file itself stays (emptied
 * when its holder finishes): removing it would let a process that opened it just before the removal
 * lock a file nobody else sees.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "run.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of `dir`, or says who holds it. `stale` receives the holder named by a lock
     * file that no living process holds.
     */
    public static RunLock acquire(Path dir, java.util.function.Consumer<String> stale) throws RunException {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = describe(read(channel));
                channel.close();
                throw new RunException(RunException.Kind.LOCKED, dir + " is being trained by " + holder
                        + "; wait for it to finish, or stop it first");
            }
            String previous = read(channel);
            if (!previous.isBlank()) {
                stale.accept(describe(previous));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RunLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RunException(RunException.Kind.IO, "cannot lock " + dir + ": " + RunDirectory.reason(e), e);
        }
    }

    /**
     * Who holds the lock of `dir` right now, if anybody, read without touching the lock: a reader
     * that took it, even for a moment, could make a writer starting at that moment fail. The lock
     * file names its holder while it is held and is emptied when it is let go; a holder killed
     * before emptying it is recognised by its process being gone.
     */
    public static Optional<String> holder(Path dir) {
        String text;
        try {
            text = Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String pid = field(text, "pid");
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        boolean here = field(text, "host").equals(hostName());
        try {
            if (here && !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // On another host (a shared disk) the process cannot be looked up: the file's word stands.
        return Optional.of(describe(text));
    }

    /** Null when another holder has it; a lock held elsewhere in this process counts as held. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String owner() {
        return "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nsince=" + Instant.now() + "\n"
                + "jvm=" + ManagementFactory.getRuntimeMXBean().getName() + "\n";
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            // The process id alone still names the holder on this machine.
            return "";
        }
    }

    /** "process 1234 on host (since 2026-...)" from a lock file's text. */
    static String describe(String text) {
        String pid = field(text, "pid");
        String host = field(text, "host");
        String since = field(text, "since");
        if (pid.isEmpty()) {
            return "another process";
        }
        return "process " + pid + (host.isEmpty() ? "" : " on " + host) + (since.isEmpty() ? "" : " (since " + since + ")");
    }

    private static String field(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1).strip())
                .filter(v -> v.length() < 200).findFirst().orElse("");
    }

    /** Empties the lock file, then lets go of the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // A lock file nobody holds is stale whatever it says, and is taken over by the next writer.
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
