package dev.aec.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** The content of a data file: its bytes, gunzipped when the file is gzip, whatever its name says. */
public final class Content {

    public static final int BUFFER_SIZE = 1 << 16;

    private Content() {
    }

    /**
     * Tells gzip by its magic bytes 1f 8b rather than by the name, because the same IDX file is
     * published both ways and users rename files.
     */
    public static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
    }

    /** Opens the file's content; {@code gzip} comes from {@link #isGzip(Path)}. */
    public static InputStream open(Path path, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_SIZE);
        if (!gzip) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, BUFFER_SIZE);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The SHA-256 of the content (after gunzip), as 64 lowercase hex digits. */
    static String sha256(Path path) throws DataException {
        boolean gzip = false;
        try {
            gzip = isGzip(path);
            try (InputStream in = open(path, gzip)) {
                return Sha256.of(in);
            }
        } catch (IOException e) {
            throw failure(path.toString(), gzip, e);
        }
    }

    /**
     * Turns an I/O failure into words. Only the gzip layer throws {@link EOFException} here: our
     * own readers count bytes and report short files themselves.
     */
    public static DataException failure(String subject, boolean gzip, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(subject, "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(subject, "permission denied", e);
        }
        if (gzip && e instanceof EOFException) {
            return new DataException(subject, "truncated gzip data: the compressed stream ends early", e);
        }
        if (gzip && e instanceof ZipException) {
            return new DataException(subject, "corrupt gzip data (" + lowercase(e.getMessage()) + ")", e);
        }
        return new DataException(subject, "cannot read the file: " + reason(e), e);
    }

    /** Turns a failure to create, write or rename something of ours into words. */
    public static DataException writeFailure(String subject, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new DataException(subject, "permission denied", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new DataException(subject, "already exists and is not a directory", e);
        }
        if (e instanceof NoSuchFileException) {
            return new DataException(subject, "no such directory", e);
        }
        return new DataException(subject, "cannot write: " + reason(e), e);
    }

    /** The reason alone: a {@link FileSystemException}'s message repeats the path, which our subject already names. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystemException && fileSystemException.getReason() != null) {
            return lowercase(fileSystemException.getReason());
        }
        return lowercase(e.getMessage());
    }

    /** "1 byte", "2 bytes". */
    public static String bytes(long count) {
        return count == 1 ? "1 byte" : count + " bytes";
    }

    /**
     * A library's message as the middle of ours: lowercase start, unless it starts with an acronym
     * (`I/O error`, `PNG header`), and without the final `!` or `.` some decoders end with.
     */
    public static String lowercase(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        String text = message.strip();
        if (text.length() > 1 && (text.endsWith("!") || (text.endsWith(".") && !text.endsWith("..")))) {
            text = text.substring(0, text.length() - 1);
        }
        boolean acronym = text.length() > 1 && (Character.isUpperCase(text.charAt(1)) || text.charAt(1) == '/');
        return acronym ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
