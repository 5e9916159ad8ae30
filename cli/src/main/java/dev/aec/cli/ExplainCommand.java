package dev.aec.cli;

import dev.aec.compiler.diag.Catalogue;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Severity;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec explain`: a diagnostic code's entry of the error catalogue, or the list of every code. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Explain a diagnostic code: what it means and how to fix it.",
        description = "Prints the error catalogue's entry for CODE: what the code means and how to fix it, a model "
                + "file that gives it and the message `aec check` prints for that file. Without a code, lists "
                + "every code with its title, by the stage of the compiler that finds it. Case and leading zeros "
                + "may be left out: e0302, E302 and 302 all mean E0302.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec explain E0302",
            "  aec explain 302             # the same code",
            "  aec explain                 # every code, with its title",
            "  aec explain W0503 | less",
            "",
            "Exit codes: 0 ok, 2 no such code."})
final class ExplainCommand implements Callable<Integer> {
    /** Prose is wrapped to this many columns, a width every terminal shows whole. */
    static final int WIDTH = 80;
    /** How far code blocks are indented, as markdown indents a code block. */
    private static final String INDENT = "    ";
    /** How many codes an unknown code's message suggests. */
    private static final int SUGGESTIONS = 3;

    private static final Pattern CODE = Pattern.compile("([EW]?)(\\d{1,4})");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)");
    /** Where the catalogue sits in the repository, for the links it makes to other pages. */
    private static final String PAGE = "docs/errors.md";
    private static final Pattern LIST_OR_TABLE = Pattern.compile("(?m)^\\s*([-*+] |\\d+\\. |\\||>)");

    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CODE",
            description = "The code, as a diagnostic prints it (E0302) or in short (e302, 302).")
    Optional<String> code = Optional.empty();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean color = Terminal.color();
        if (code.isEmpty()) {
            out.print(listing(color));
            return ExitCode.OK;
        }
        List<Code> matching = matching(code.get());
        if (matching.size() != 1) {
            spec.commandLine().getErr().println("aec: error: " + notFound(code.get(), matching));
            return ExitCode.USAGE;
        }
        Code found = matching.get(0);
        Catalogue.Entry entry = Catalogue.load().entry(found).orElseThrow(
                () -> new IllegalStateException("the error catalogue has no entry for " + found));
        out.print(render(entry, color));
        return ExitCode.OK;
    }

    /**
     * The codes `query` can mean: the code it names in full or without its leading zeros or letter
     * (`E0302`, `e302`, `302`); more than one when only a number is given and codes of both letters
     * have it; none when it names no code.
     */
    static List<Code> matching(String query) {
        Matcher m = CODE.matcher(query.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return List.of();
        }
        String letter = m.group(1);
        int number = Integer.parseInt(m.group(2));
        return Arrays.stream(Code.values())
                .filter(c -> number(c) == number && (letter.isEmpty() || c.name().startsWith(letter)))
                .toList();
    }

    /** Why `query` names no one code, in a line that ends with what to try instead. */
    static String notFound(String query, List<Code> matching) {
        if (matching.size() > 1) {
            return "`" + query + "` could be " + or(matching.stream().map(Code::name).toList())
                    + "; give the letter as well";
        }
        Matcher m = CODE.matcher(query.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return "`" + query + "` is not a code; codes look like E0302 or W0502 (`aec explain` lists them all)";
        }
        String letter = m.group(1);
        int number = Integer.parseInt(m.group(2));
        // Nearest by number, and a code of the other letter before its neighbours of the same one.
        List<String> closest = Arrays.stream(Code.values())
                .sorted(Comparator.comparingInt((Code c) -> 2 * Math.abs(number(c) - number)
                        + (letter.isEmpty() || c.name().startsWith(letter) ? 0 : 1)))
                .limit(SUGGESTIONS)
                .map(Code::name)
                .toList();
        return "no code `" + query + "`; the closest are " + and(closest) + " (`aec explain` lists them all)";
    }

    private static int number(Code code) {
        return Integer.parseInt(code.name().substring(1));
    }

    /** Every code with its title, under a heading for the stage that finds it. */
    static String listing(boolean color) {
        StringBuilder out = new StringBuilder();
        Optional<Code.Stage> stage = Optional.empty();
        for (Code code : Code.values()) {
            if (stage.isEmpty() || stage.get() != code.stage()) {
                if (stage.isPresent()) {
                    out.append('\n');
                }
                stage = Optional.of(code.stage());
                out.append(paint(color, BOLD, code.stage().codes() + ": " + code.stage().title())).append('\n');
            }
            out.append("  ").append(paint(color, severityColor(code), code.name())).append("  ")
                    .append(code.title()).append('\n');
        }
        out.append('\n').append("`aec explain CODE` prints a code's entry: what it means and how to fix it.\n");
        return out.toString();
    }

    /**
     * An entry for a reader: the title line, the paragraphs wrapped to {@link #WIDTH} columns, the
     * example and the message as indented blocks under a line saying what they are, so that the
     * text reads the same on a terminal, in a pager and in a file.
     */
    static String render(Catalogue.Entry entry, boolean color) {
        StringBuilder out = new StringBuilder();
        out.append(paint(color, severityColor(entry.code()), entry.code().name()))
                .append(paint(color, BOLD, ": " + entry.title())).append('\n');
        for (Catalogue.Block block : entry.blocks()) {
            String part = switch (block.kind()) {
                case PROSE -> paragraph(block.text());
                case EXAMPLE -> paint(color, BOLD, "Example (example.aemodel):") + "\n" + indented(block.text());
                case MESSAGE -> paint(color, BOLD, "What `aec check example.aemodel` prints:") + "\n"
                        + indented(block.text());
                case LISTING -> indented(block.text());
            };
            out.append('\n').append(part);
        }
        return out.toString();
    }

    /**
     * A paragraph wrapped to {@link #WIDTH} columns; a list or a table keeps its lines. A span in
     * backticks is never split, so a name or a command stays whole on its line.
     */
    static String paragraph(String markdown) {
        String text = withoutLinks(markdown);
        if (LIST_OR_TABLE.matcher(text).find()) {
            return text + "\n";
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (String piece : text.strip().split("\\s+")) {
            if (word.length() > 0) {
                word.append(' ');
            }
            word.append(piece);
            if (word.chars().filter(ch -> ch == '`').count() % 2 == 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String w : words) {
            int length = w.codePointCount(0, w.length());
            if (column > 0 && column + 1 + length > WIDTH) {
                out.append('\n');
                column = 0;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(w);
            column += length;
        }
        return out.append('\n').toString();
    }

    /**
     * Markdown links as a terminal shows them: `[text](target)` becomes `text (target)`, a target in
     * the repository written from the root (the page sits in docs/), and a link within the page the
     * text alone, since the entry is read without the rest of the page.
     */
    static String withoutLinks(String markdown) {
        Matcher m = LINK.matcher(markdown);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(2);
            String shown = target.startsWith("#") ? m.group(1)
                    : target.contains("://") ? m.group(1) + " (" + target + ")"
                    : m.group(1) + " (" + URI.create(PAGE).resolve(target) + ")";
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String indented(String block) {
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : INDENT + line).append('\n');
        }
        return out.toString();
    }

    private static String severityColor(Code code) {
        return code.severity() == Severity.ERROR ? RED : YELLOW;
    }

    private static String paint(boolean color, String style, String text) {
        return color ? style + text + RESET : text;
    }

    /** "E0312, E0311 and E0310". */
    private static String and(List<String> items) {
        return joinLast(items, " and ");
    }

    private static String or(List<String> items) {
        return joinLast(items, " or ");
    }

    private static String joinLast(List<String> items, String last) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + last + items.get(items.size() - 1);
    }
}
