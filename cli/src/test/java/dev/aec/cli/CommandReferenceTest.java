package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `docs/reference/cli/` is exactly what the picocli model of `aec` makes: a page per command and no
 * page for a command that is gone; `-Daec.bless=true` rewrites the folder.
 */
class CommandReferenceTest {
    private static final Path FOLDER = CliRun.repo().resolve("docs/reference/cli");
    private static final String REGENERATE = "mvn -pl cli -am test -Dtest=CommandReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Daec.bless=true";

    @Test
    void referencePagesAreMadeFromTheCommands() throws IOException {
        Map<String, String> made = CommandReference.pages();
        if (Boolean.getBoolean("aec.bless")) {
            Files.createDirectories(FOLDER);
            for (Path stale : pagesOnDisk()) {
                if (!made.containsKey(stale.getFileName().toString())) {
                    Files.delete(stale);
                }
            }
            for (Map.Entry<String, String> page : made.entrySet()) {
                Files.writeString(FOLDER.resolve(page.getKey()), page.getValue());
            }
        }
        // Softly, so that one run names every page that is out of date.
        SoftAssertions pages = new SoftAssertions();
        for (Map.Entry<String, String> page : made.entrySet()) {
            Path file = FOLDER.resolve(page.getKey());
            String where = "docs/reference/cli/" + page.getKey();
            if (!Files.exists(file)) {
                pages.fail(where + " is missing; write it with " + REGENERATE);
                continue;
            }
            pages.assertThat(Files.readString(file))
                    .as(where + " differs from what the commands make; rewrite it with " + REGENERATE)
                    .isEqualTo(page.getValue());
        }
        pages.assertThat(pagesOnDisk().stream().map(p -> p.getFileName().toString()).toList())
                .as("pages for commands aec does not have; remove them with " + REGENERATE)
                .allMatch(made::containsKey);
        pages.assertAll();
    }

    @Test
    void everyCommandHasAPageLinkedFromTheIndex() {
        Map<String, String> pages = CommandReference.pages();
        assertThat(pages).hasSize(AecCommand.SUBCOMMANDS.size() + 1);
        for (Class<?> command : AecCommand.SUBCOMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            assertThat(pages).as(name).containsKey(name + ".md");
            assertThat(pages.get(CommandReference.INDEX)).contains("| [`aec " + name + "`](" + name + ".md) | ");
            assertThat(pages.get(name + ".md")).startsWith("# `aec " + name + "`\n");
        }
    }

    @Test
    void everyVisibleOptionAndItsDefaultIsOnItsCommandsPage() {
        Map<String, String> pages = CommandReference.pages();
        CommandLine aec = AecCommand.commandLine(new String[] {"--help"});
        for (CommandLine sub : aec.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            String page = pages.get(spec.name() + ".md");
            for (OptionSpec option : spec.options()) {
                if (option.hidden()) {
                    continue;
                }
                assertThat(page).as(spec.name() + " " + option.longestName()).contains("`" + option.longestName());
                if (option.defaultValue() != null) {
                    assertThat(page).as(spec.name() + " " + option.longestName() + " default")
                            .contains(option.defaultValue());
                }
            }
            spec.positionalParameters().forEach(p -> assertThat(page).as(spec.name() + " " + p.paramLabel())
                    .contains("| `" + p.paramLabel()));
        }
    }

    @Test
    void footersKeepTheirExamplesAndExitCodesAndDescriptionsTheirPercentSigns() {
        Map<String, String> pages = CommandReference.pages();
        assertThat(pages.get("train.md"))
                .contains("## Examples\n\n```\n  aec train models/conv_autoencoder.aemodel\n")
                .contains("Exit codes: 0 trained")
                .contains("| `--epochs=N` | Override the train block's epochs. |");
        assertThat(pages.get(CommandReference.INDEX))
                .contains("90% of the machine's memory")
                .doesNotContain("%%")
                .doesNotContain("${DEFAULT-VALUE}");
        pages.values().forEach(page -> assertThat(page).doesNotContain("${DEFAULT-VALUE}").doesNotContain("%n"));
    }

    @Test
    void angleBracketsInHelpTextSurviveMarkdownButNotInsideCode() {
        String train = CommandReference.pages().get("train.md");
        assertThat(train).contains("Default: runs/&lt;model>-&lt;date>-&lt;time>.").doesNotContain("runs/<model>");
    }

    @Test
    void aCommandsOwnCommandsGetPagesLinkedFromItsPage() {
        Map<String, String> pages = CommandReference.pages(new CommandLine(new Tool()));
        assertThat(pages.keySet()).containsExactly("README.md", "outer.md", "outer-inner.md");
        assertThat(pages.get("README.md")).startsWith("# `tool`\n").contains("| [`tool outer`](outer.md) | Outer. |")
                .doesNotContain("inner.md");
        assertThat(pages.get("outer.md")).contains("| [`tool outer inner`](outer-inner.md) | Inner. |");
        assertThat(pages.get("outer-inner.md")).startsWith("# `tool outer inner`\n")
                .contains("Does all of it, 100% of the time.")
                .contains("| `--times=N` | How many times. Default: `3`. |")
                .contains("| `--limit=N` | At most this many. Default: 9. |")
                .doesNotContain("hidden")
                .endsWith("All commands: [`tool`](README.md).\n");
    }

    @Command(name = "tool", header = "A tool.", subcommands = Outer.class)
    static final class Tool {
    }

    @Command(name = "outer", header = "Outer.", subcommands = {Inner.class, Hidden.class})
    static final class Outer {
    }

    @Command(name = "inner", header = "Inner.", description = "Does all of it, 100%% of the time.")
    static final class Inner {
        @CommandLine.Option(names = "--times", paramLabel = "N", defaultValue = "3", description = "How many times.")
        int times;

        @CommandLine.Option(names = "--limit", paramLabel = "N", defaultValue = "9",
                description = "At most this many. Default: ${DEFAULT-VALUE}.")
        int limit;

        @CommandLine.Option(names = "--secret", hidden = true, description = "A hidden option.")
        boolean secret;
    }

    @Command(name = "ghost", hidden = true, header = "A hidden command.")
    static final class Hidden {
    }

    private static List<Path> pagesOnDisk() throws IOException {
        if (!Files.isDirectory(FOLDER)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }
}
