package dev.aec.compiler.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bytes of a model file turned into its text. Model files are UTF-8, as in Go and Rust: one
 * encoding that every editor, diff and `grep` reads the same way. A UTF-8 byte order mark is
 * dropped; anything else that is not UTF-8 text (a stray Latin-1 byte, a UTF-16 file from
 * PowerShell or Notepad, a NUL byte, an image renamed `.aemodel`, a file too large to be a model)
 * is a problem located at the first byte at fault, with the file's text decoded as well as it can
 * be so the line can be shown.
 *
 * <p>UTF-16 is refused rather than decoded: a UTF-16 model would check here and then fail in every
 * other tool, and a run directory stores its source as UTF-8. The message says what the file is
 * and how to save it as UTF-8.
 */
public final class SourceText {
    /** Largest model file read, in bytes. Real models are a few kilobytes. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** Bytes looked at to tell a binary file from text, as git does. */
    private static final int SNIFF = 8000;

    private SourceText() {
    }

    /** What decoding gave: the text, or a problem at a place in the text decoded leniently. */
    public sealed interface Decoded permits Text, Refused {
    }

    /** The file's text, without a byte order mark. */
    public record Text(String text) implements Decoded {
    }

    /** Which rule refused the file. */
    public enum Reason {
        NOT_UTF8,
        TOO_LARGE
    }

    /**
     * A file that is not a model's text: `span` is at the first byte at fault in `span.file()`,
     * whose text is the file decoded with U+FFFD for what could not be read.
     */
    public record Refused(Reason reason, Span span, String message, String label, List<String> notes,
                          List<String> helps) implements Decoded {
        public Refused {
            notes = List.copyOf(notes);
            helps = List.copyOf(helps);
        }
    }

    /**
     * The file's bytes, at most {@link #MAX_BYTES} + 1 of them, so that a huge file or a device
     * that never ends is not read into memory whole.
     */
    public static byte[] read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    /** Decodes a file's bytes; `displayPath` names the file in a problem. */
    public static Decoded decode(byte[] bytes, String displayPath) {
        if (bytes.length > MAX_BYTES) {
            return tooLarge(bytes, displayPath);
        }
        Optional<Decoded> foreign = otherEncoding(bytes, displayPath);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        int skip = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length - skip + 1);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) {
            strict.flush(out);
            String text = out.flip().toString();
            int nul = text.indexOf('\0');
            return nul < 0 ? new Text(text) : nulByte(text, nul, displayPath);
        }
        int badByte = in.position();
        int badChar = out.position();
        String text = lenient(bytes, skip, StandardCharsets.UTF_8);
        return invalidUtf8(bytes, badByte, result.length(), new SourceFile(displayPath, text), badChar);
    }

    private static Decoded tooLarge(byte[] bytes, String displayPath) {
        // Only the first line is decoded, to be shown.
        int end = 0;
        while (end < bytes.length && end < 4096 && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        SourceFile file = new SourceFile(displayPath, lenient(java.util.Arrays.copyOf(bytes, end), 0,
                StandardCharsets.UTF_8));
        return new Refused(Reason.TOO_LARGE, start(file),
                String.format(Locale.ROOT, "file too large: more than %,d bytes", MAX_BYTES),
                "the file is read no further",
                List.of(String.format(Locale.ROOT, "model files are at most %,d bytes (%d MiB); real models are a few "
                        + "kilobytes", MAX_BYTES, MAX_BYTES >> 20)),
                List.of("check that this is the model file you meant, or split it into files that import each other"));
    }

    /** UTF-16 and UTF-32 (with or without a byte order mark) and binary formats, told by their first bytes. */
    private static Optional<Decoded> otherEncoding(byte[] bytes, String displayPath) {
        if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            return Optional.of(wideText(bytes, 4, Charset.forName("UTF-32BE"), "UTF-32 (big-endian)", true, displayPath));
        }
        if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            return Optional.of(wideText(bytes, 4, Charset.forName("UTF-32LE"), "UTF-32 (little-endian)", true,
                    displayPath));
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return Optional.of(wideText(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16 (big-endian)", true, displayPath));
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return Optional.of(wideText(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16 (little-endian)", true,
                    displayPath));
        }
        Optional<String> format = binaryFormat(bytes);
        if (format.isPresent()) {
            SourceFile file = new SourceFile(displayPath, firstLine(lenient(bytes, 0, StandardCharsets.UTF_8)));
            return Optional.of(new Refused(Reason.NOT_UTF8, start(file),
                    "not a text file: this is " + format.get(),
                    "binary data",
                    List.of("a model file is UTF-8 text"),
                    List.of("check the file name; a model file looks like `models/dense_autoencoder.aemodel`")));
        }
        if (looksLikeUtf16(bytes, false)) {
            return Optional.of(wideText(bytes, 0, StandardCharsets.UTF_16LE, "UTF-16 (little-endian)", false,
                    displayPath));
        }
        if (looksLikeUtf16(bytes, true)) {
            return Optional.of(wideText(bytes, 0, StandardCharsets.UTF_16BE, "UTF-16 (big-endian)", false,
                    displayPath));
        }
        return Optional.empty();
    }

    private static Decoded wideText(byte[] bytes, int bom, Charset charset, String name, boolean hasBom,
                                    String displayPath) {
        SourceFile file = new SourceFile(displayPath, lenient(bytes, bom, charset));
        return new Refused(Reason.NOT_UTF8, start(file),
                "file is " + name + " text, not UTF-8",
                hasBom ? "the file starts with a " + name.replaceFirst(" .*", "") + " byte order mark"
                        : "every other byte is zero, as in " + name.replaceFirst(" .*", ""),
                List.of("Windows PowerShell's `>` and `Out-File` and Notepad's \"Unicode\" write UTF-16"),
                List.of("save the file as UTF-8 (in PowerShell, `Out-File -Encoding utf8`)"));
    }

    private static Decoded nulByte(String text, int at, String displayPath) {
        SourceFile file = new SourceFile(displayPath, text);
        return new Refused(Reason.NOT_UTF8, new Span(file, at, at + 1),
                "file contains a NUL byte",
                "NUL byte",
                List.of("a model file is UTF-8 text; NUL bytes come from binary files and from UTF-16"),
                List.of("save the file as UTF-8 text"));
    }

    private static Decoded invalidUtf8(byte[] bytes, int at, int length, SourceFile file, int charAt) {
        StringBuilder shown = new StringBuilder();
        for (int i = at; i < Math.min(bytes.length, at + Math.max(1, length)); i++) {
            shown.append(shown.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
        }
        int first = bytes[at] & 0xFF;
        String message = "invalid UTF-8: " + (length > 1 ? "bytes " : "byte ") + shown;
        List<String> notes;
        if (first == 0xED && length == 3 && (bytes[at + 1] & 0xE0) == 0xA0) {
            int surrogate = 0xD000 | (bytes[at + 1] & 0x3F) << 6 | (bytes[at + 2] & 0x3F);
            notes = List.of(String.format(Locale.ROOT, "these bytes encode U+%04X, half of a UTF-16 surrogate pair, "
                    + "which is not a character (Java's modified UTF-8 and CESU-8 write them)", surrogate));
        } else if (containsNul(bytes)) {
            notes = List.of("the file has NUL bytes too: it looks like a binary file, not a model");
        } else if (first >= 0xA0) {
            // Latin-1 and Windows-1252 agree from 0xA0 up; that is where accented letters live.
            String latin = new String(new byte[] {(byte) first}, StandardCharsets.ISO_8859_1);
            notes = List.of("the file may be Latin-1 or Windows-1252, where 0x" + String.format(Locale.ROOT, "%02X", first)
                    + " is `" + latin + "`");
        } else {
            notes = List.of();
        }
        return new Refused(Reason.NOT_UTF8, new Span(file, charAt, Math.min(file.text().length(), charAt + 1)),
                message, "not UTF-8", notes, List.of("save the file as UTF-8"));
    }

    /** The first character of a file, where a problem with the whole file is shown. */
    private static Span start(SourceFile file) {
        return new Span(file, 0, file.text().isEmpty() ? 0 : file.text().offsetByCodePoints(0, 1));
    }

    /** The bytes decoded with U+FFFD for what cannot be read, for showing a line. */
    private static String lenient(byte[] bytes, int from, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, from, bytes.length - from)).toString();
        } catch (java.nio.charset.CharacterCodingException cannotHappen) {
            throw new IllegalStateException("a replacing decoder reported an error", cannotHappen);
        }
    }

    private static String firstLine(String text) {
        int end = 0;
        while (end < text.length() && end < 4096 && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(0, end);
    }

    private static Optional<String> binaryFormat(byte[] bytes) {
        if (startsWith(bytes, 0x89, 'P', 'N', 'G')) {
            return Optional.of("a PNG image");
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("a JPEG image");
        }
        if (startsWith(bytes, 'G', 'I', 'F', '8')) {
            return Optional.of("a GIF image");
        }
        if (startsWith(bytes, 0x1F, 0x8B)) {
            return Optional.of("a gzip archive");
        }
        if (startsWith(bytes, 'P', 'K', 0x03, 0x04)) {
            return Optional.of("a zip archive");
        }
        if (startsWith(bytes, '%', 'P', 'D', 'F', '-')) {
            return Optional.of("a PDF document");
        }
        if (startsWith(bytes, 0x7F, 'E', 'L', 'F')) {
            return Optional.of("an executable (ELF)");
        }
        if (startsWith(bytes, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return Optional.of("a Java class file");
        }
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0x08 && bytes[3] >= 1 && bytes[3] <= 4) {
            return Optional.of("an IDX data file (the MNIST format)");
        }
        return Optional.empty();
    }

    /** ASCII in UTF-16 without a byte order mark: a zero in every other byte of the first bytes. */
    private static boolean looksLikeUtf16(byte[] bytes, boolean bigEndian) {
        int pairs = Math.min(bytes.length / 2, 32);
        if (pairs < 2) {
            return false;
        }
        for (int i = 0; i < pairs; i++) {
            byte zero = bytes[2 * i + (bigEndian ? 0 : 1)];
            byte ascii = bytes[2 * i + (bigEndian ? 1 : 0)];
            if (zero != 0 || ascii == 0 || ascii < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsNul(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, SNIFF); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
