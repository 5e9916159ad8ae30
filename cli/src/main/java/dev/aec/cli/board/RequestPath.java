package dev.aec.cli.board;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's path as the segments between its slashes, each percent-decoded on its own. A path
 * that could name anything but a plain name in a folder is refused whole: a `.` or `..` segment
 * (typed, or encoded as `%2e%2e`), a slash or backslash inside a segment (`%2f`, `%5c`), an empty
 * segment (`//etc/passwd`), control characters, or bytes that are not UTF-8. The board then looks
 * each segment up among the names it knows; it never hands one to the file system as a path.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** The decoded segments of `rawPath` (empty for `/`), or empty when the path is refused. */
    static Optional<List<String>> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String rest = rawPath.substring(1);
        // One trailing slash is what a person types after a folder-like name: `/api/runs/`.
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> segments = new ArrayList<>();
        for (String raw : rest.split("/", -1)) {
            Optional<String> decoded = decode(raw);
            if (decoded.isEmpty() || !plainName(decoded.get())) {
                return Optional.empty();
            }
            segments.add(decoded.get());
        }
        return Optional.of(List.copyOf(segments));
    }

    /** Whether a decoded segment is a name in a folder and nothing else. */
    static boolean plainName(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        return segment.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
    }

    /** `%XX` escapes as UTF-8 bytes; empty for a broken escape or bytes that are not UTF-8. */
    static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A request line is ASCII; anything else came from a client that encodes nothing.
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
