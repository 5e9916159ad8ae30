package dev.aec.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command-line reference, made from the picocli model of `aec` and every subcommand it has, so
 * it says what `--help` says: an index page for `aec` with its own options, and a page per command
 * with its synopsis, description, arguments, options with their defaults, and its footer (examples
 * and exit codes). Markdown rather than picocli's AsciiDoc man pages: those carry the version and
 * commit in their header, so a page would differ after every commit, and they are laid out for
 * `man`, not for reading beside the rest of the reference.
 */
public final class CommandReference {
    /** The index page, named so that a folder view shows it first. */
    public static final String INDEX = "README.md";
    /** Synopses wrap at this width wherever the pages are made, so they never depend on a terminal. */
    private static final int WIDTH = 100;

    private CommandReference() {
    }

    /** Every page by its file name: the index first, then one per command in `aec --help`'s order. */
    public static Map<String, String> pages() {
        return pages(AecCommand.commandLine(new String[] {"--help"}));
    }

    /** The pages of `top`: its own as the index, then each visible command's, a command's own commands after it. */
    static Map<String, String> pages(CommandLine top) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(INDEX, index(top.getCommandSpec()));
        addCommands(pages, top.getCommandSpec());
        return pages;
    }

    private static void addCommands(Map<String, String> pages, CommandSpec parent) {
        for (CommandSpec spec : visibleCommands(parent)) {
            pages.put(fileName(spec), command(spec));
            addCommands(pages, spec);
        }
    }

    /** The commands `--help` lists, each once however many aliases it has. */
    private static List<CommandSpec> visibleCommands(CommandSpec parent) {
        return parent.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .filter(s -> !s.usageMessage().hidden()).toList();
    }

    /** `train.md` for `aec train`; a command's own command after a dash: `runs-prune.md` for `aec runs prune`. */
    static String fileName(CommandSpec spec) {
        List<String> words = List.of(spec.qualifiedName().split(" "));
        return String.join("-", words.subList(1, words.size())) + ".md";
    }

    private static String index(CommandSpec top) {
        StringBuilder page = new StringBuilder();
        page.append("# `").append(top.qualifiedName()).append("`\n\n");
        generatedNote(page);
        page.append(line(top.usageMessage().header())).append("\n\n");
        synopsis(page, top);
        description(page, top);
        commands(page, top);
        options(page, top);
        footer(page, top);
        return page.toString();
    }

    private static void commands(StringBuilder page, CommandSpec parent) {
        List<CommandSpec> commands = visibleCommands(parent);
        if (commands.isEmpty()) {
            return;
        }
        page.append("## Commands\n\n| command | what it does |\n|---|---|\n");
        for (CommandSpec sub : commands) {
            page.append("| [`").append(sub.qualifiedName()).append("`](").append(fileName(sub)).append(") | ")
                    .append(cell(line(sub.usageMessage().header()))).append(" |\n");
        }
        page.append('\n');
    }

    private static String command(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        page.append("# `").append(spec.qualifiedName()).append("`\n\n");
        generatedNote(page);
        page.append(line(spec.usageMessage().header())).append("\n\n");
        synopsis(page, spec);
        description(page, spec);
        commands(page, spec);
        parameters(page, spec);
        options(page, spec);
        footer(page, spec);
        page.append("All commands: [`").append(spec.root().qualifiedName()).append("`](").append(INDEX).append(").\n");
        return page.toString();
    }

    private static void generatedNote(StringBuilder page) {
        page.append("<!-- Made from the picocli model of aec by CommandReference; do not edit. After changing a command:\n")
                .append("     mvn -pl cli -am test -Dtest=CommandReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Daec.bless=true -->\n\n");
    }

    private static void synopsis(StringBuilder page, CommandSpec spec) {
        spec.usageMessage().width(WIDTH);
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
        page.append("```\n").append(synopsis).append("\n```\n\n");
    }

    private static void description(StringBuilder page, CommandSpec spec) {
        String text = line(spec.usageMessage().description());
        if (!text.isEmpty()) {
            page.append(text).append("\n\n");
        }
    }

    private static void parameters(StringBuilder page, CommandSpec spec) {
        List<PositionalParamSpec> shown = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        page.append("## Arguments\n\n| argument | description |\n|---|---|\n");
        for (PositionalParamSpec p : shown) {
            page.append("| `").append(p.paramLabel()).append(p.isMultiValue() ? "..." : "").append("` | ")
                    .append(cell(describe(p) + (p.arity().min() == 0 ? " Optional." : ""))).append(" |\n");
        }
        page.append('\n');
    }

    private static void options(StringBuilder page, CommandSpec spec) {
        List<OptionSpec> shown = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        page.append("## Options\n\n| option | description |\n|---|---|\n");
        for (OptionSpec o : shown) {
            String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? "" : "=" + o.paramLabel();
            page.append("| ").append(Arrays.stream(o.names()).map(n -> "`" + n + label + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(cell(describe(o))).append(" |\n");
        }
        page.append('\n');
    }

    /**
     * The description as `--help` prints it, with a default picocli knows and the text does not
     * already state appended, so that every default is on the page.
     */
    private static String describe(ArgSpec arg) {
        String text = paragraph(arg.renderedDescription());
        String defaultValue = arg.defaultValue();
        if (defaultValue != null && !text.contains("Default")) {
            text = text + (text.isEmpty() ? "" : " ") + "Default: `" + defaultValue + "`.";
        }
        return text;
    }

    /** The footer verbatim, as it lines up its examples and tables in columns. */
    private static void footer(StringBuilder page, CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        if (usage.footer().length == 0) {
            return;
        }
        String heading = format(usage.footerHeading()).strip();
        page.append("## ").append(heading.endsWith(":") ? heading.substring(0, heading.length() - 1) : heading)
                .append("\n\n```\n");
        List<String> lines = new ArrayList<>();
        for (String footerLine : usage.footer()) {
            lines.add(format(footerLine).stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        page.append(String.join("\n", lines)).append("\n```\n\n");
    }

    /** A command's description lines joined into one paragraph, as picocli's format specifiers would print them. */
    private static String line(String[] lines) {
        return paragraph(Arrays.stream(lines).map(CommandReference::format).toArray(String[]::new));
    }

    /** Lines picocli has already formatted (an option's rendered description), joined into one paragraph. */
    private static String paragraph(String[] lines) {
        return prose(Arrays.stream(lines).map(String::strip).collect(Collectors.joining(" ")).strip());
    }

    /** Picocli passes help text through `String.format`: `%n` is a line break and `%%` a percent sign. */
    private static String format(String text) {
        return String.format(Locale.ROOT, text);
    }

    /** Text that stays in its table cell and on its row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Help text as Markdown shows it: outside its `code` spans, `<model>` would be read as an HTML
     * tag and vanish, and `*` could start emphasis.
     */
    private static String prose(String text) {
        String[] parts = text.split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            out.append(i % 2 == 1 ? parts[i] : parts[i].replace("<", "&lt;").replace("*", "\\*"));
            if (i < parts.length - 1) {
                out.append('`');
            }
        }
        return out.toString();
    }
}
