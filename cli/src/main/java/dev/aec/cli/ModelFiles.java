package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.data.DataProbe;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a model file for a command, and file errors in the words every command uses. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** Compiles `file`; a directory or an unreadable file is an {@link IOException} (exit 2). */
    static Compiler.Result compile(Path file) throws IOException {
        return compile(file, DataProbe.NONE);
    }

    /** As {@link #compile(Path)}, the train blocks' files looked at through `probe`. */
    static Compiler.Result compile(Path file, DataProbe probe) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory");
        }
        return Compiler.compileFile(file, probe);
    }

    /** Why a file operation failed, without Java's exception names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replaceFirst("^.*?: ", "");
    }
}
