package dev.aec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Text files the commands write over (`aec fmt`'s models, `aec gen`'s classes): written to a
 * temporary sibling and moved over the file at the end, so that an interrupted write leaves the old
 * file whole or the new one, never a part.
 */
final class TextFiles {
    private TextFiles() {
    }

    /**
     * Writes `text` as `target` (UTF-8). A file being replaced keeps its permissions; a new one gets
     * the folder's defaults, as any editor's save gives (a temporary file made by
     * `Files.createTempFile` would be readable by its owner only).
     */
    static void replace(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createFile(absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp"));
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (Files.exists(absolute)) {
                try {
                    Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
                } catch (UnsupportedOperationException notPosix) {
                    // Elsewhere the new file takes the folder's defaults.
                }
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
