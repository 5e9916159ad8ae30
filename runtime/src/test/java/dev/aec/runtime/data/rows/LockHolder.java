package dev.aec.runtime.data.rows;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process that locks a file as a cache writer does (or, with a second argument `shared`, as a
 * reader of a cache file does), says so, and holds it until its input ends.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        boolean shared = args.length > 1 && args[1].equals("shared");
        try (FileChannel channel = FileChannel.open(Path.of(args[0]),
                shared ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.lock(0, Long.MAX_VALUE, shared);
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the lock
            }
        }
    }
}
