package dev.aec.compiler.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The error catalogue, docs/errors.md, read into one entry per code: its title, what it means, a
 * file that gives it and the message printed for that file. The build puts the page itself into the
 * jar, so what `aec explain` prints is what the documentation says.
 */
public final class Catalogue {
    /** Where the build puts docs/errors.md, beside this class. */
    static final String RESOURCE = "errors.md";

    private static final String FENCE = "```";
    private static final Pattern HEADING = Pattern.compile("#{1,6} ");

    private final Map<Code, Entry> entries;

    private Catalogue(Map<Code, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new EnumMap<>(entries));
    }

    /** The catalogue the jar carries; its absence is a broken build, not a user's mistake. */
    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the error catalogue " + RESOURCE + " is not in the compiler's jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the catalogue's markdown: every `## E0302: title` heading starts an entry that runs to the
     * next heading outside a code block; headings of codes aec does not have are passed over.
     */
    public static Catalogue parse(String markdown) {
        Map<Code, Entry> entries = new EnumMap<>(Code.class);
        Optional<Code> code = Optional.empty();
        String title = "";
        List<Block> blocks = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Optional<Kind> fence = Optional.empty();
        for (String line : markdown.split("\r?\n", -1)) {
            if (fence.isPresent()) {
                if (line.strip().equals(FENCE)) {
                    blocks.add(new Block(fence.get(), String.join("\n", lines)));
                    lines.clear();
                    fence = Optional.empty();
                } else {
                    lines.add(line);
                }
            } else if (HEADING.matcher(line).lookingAt()) {
                endParagraph(blocks, lines);
                if (code.isPresent()) {
                    Code done = code.get();
                    entries.put(done, new Entry(done, title, blocks));
                }
                blocks.clear();
                code = heading(line);
                title = code.isPresent() ? line.substring(line.indexOf(':') + 1).strip() : "";
            } else if (line.startsWith(FENCE)) {
                endParagraph(blocks, lines);
                fence = Optional.of(Kind.ofFence(line.substring(FENCE.length()).strip()));
            } else if (line.isBlank()) {
                endParagraph(blocks, lines);
            } else {
                lines.add(line);
            }
        }
        endParagraph(blocks, lines);
        if (code.isPresent()) {
            entries.put(code.get(), new Entry(code.get(), title, blocks));
        }
        return new Catalogue(entries);
    }

    /** The code a `## E0302: title` heading names, if aec has it. */
    private static Optional<Code> heading(String line) {
        if (!line.startsWith("## ") || line.indexOf(':') < 0) {
            return Optional.empty();
        }
        String name = line.substring(3, line.indexOf(':')).strip();
        for (Code code : Code.values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private static void endParagraph(List<Block> blocks, List<String> lines) {
        if (!lines.isEmpty()) {
            blocks.add(new Block(Kind.PROSE, String.join("\n", lines)));
            lines.clear();
        }
    }

    public Optional<Entry> entry(Code code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** The entries in the order of the codes. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** What a part of an entry is. */
    public enum Kind {
        /** A paragraph of the explanation, as the page writes it (markdown, lines as they are). */
        PROSE,
        /** A model file that gives the code, an `aemodel` code block. */
        EXAMPLE,
        /** What `aec check` prints for the example, a `text` code block. */
        MESSAGE,
        /** Any other code block, shown as it is. */
        LISTING;

        static Kind ofFence(String language) {
            return switch (language) {
                case "aemodel" -> EXAMPLE;
                case "text" -> MESSAGE;
                default -> LISTING;
            };
        }
    }

    /** One paragraph or code block of an entry, in the page's order. */
    public record Block(Kind kind, String text) {
        public Block {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(text);
        }
    }

    /** A code's section of the catalogue: its title and its paragraphs and code blocks in order. */
    public record Entry(Code code, String title, List<Block> blocks) {
        public Entry {
            Objects.requireNonNull(code);
            Objects.requireNonNull(title);
            blocks = List.copyOf(blocks);
        }

        /** The paragraphs, without the code blocks. */
        public String text() {
            return String.join("\n\n", blocks.stream().filter(b -> b.kind() == Kind.PROSE).map(Block::text).toList());
        }

        public Optional<String> example() {
            return first(Kind.EXAMPLE);
        }

        public Optional<String> message() {
            return first(Kind.MESSAGE);
        }

        private Optional<String> first(Kind kind) {
            return blocks.stream().filter(b -> b.kind() == kind).map(Block::text).findFirst();
        }
    }
}
