package dev.aec.compiler.source;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the compiler gets the bytes of an imported file: the disk, or the copies a training run
 * keeps of every file its model imported (so a run still compiles after its sources moved).
 */
@FunctionalInterface
public interface SourceReader {
    /** The bytes of the file at `path` (absolute and normalised); a missing file is a {@link java.nio.file.NoSuchFileException}. */
    byte[] read(Path path) throws IOException;
}
