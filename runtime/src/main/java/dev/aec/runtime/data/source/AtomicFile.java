package dev.aec.runtime.data.source;

import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary sibling renamed over it at the end, so that a reader (or a
 * run interrupted half-way) sees the old file or the whole new one, never a part.
 */
final class AtomicFile {
    /** What is written; the stream is buffered and closed by {@link #write}. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    static void write(Path target, Body body) throws DataException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary;
        try {
            // Not Files.createTempFile: its owner-only permissions would stay on the renamed file.
            temporary = Files.createFile(directory.resolve("." + absolute.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".part"));
        } catch (IOException e) {
            throw Content.writeFailure(directory.toString(), e);
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw Content.writeFailure(target.toString(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is harmless: its name starts with a dot and ends in .part.
        }
    }
}
