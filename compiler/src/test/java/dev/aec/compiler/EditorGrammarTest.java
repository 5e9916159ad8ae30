package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.resolve.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The editor grammar names the layer kinds and train settings the compiler knows, so that a kind added to
 * the table is coloured as one and a removed one no longer is.
 */
class EditorGrammarTest {
    private static final Path GRAMMAR = Path.of("editors", "vscode", "syntaxes", "aemodel.tmLanguage.json");

    private static String grammar;

    @BeforeAll
    static void readGrammar() throws IOException {
        grammar = Files.readString(TestPaths.repo().resolve(GRAMMAR));
    }

    @Test
    void grammarNamesExactlyTheCompilersLayerKinds() {
        assertThat(names("layer-kinds")).as("the `layer-kinds` rule of %s against LayerKinds", GRAMMAR)
                .containsExactlyInAnyOrderElementsOf(LayerKinds.names());
    }

    @Test
    void grammarNamesExactlyTheTrainSettings() {
        assertThat(names("train-settings")).as("the `train-settings` rule of %s against TrainSettings", GRAMMAR)
                .containsExactlyInAnyOrderElementsOf(TrainSettings.names());
    }

    /**
     * The names in the one `(?:a|b|c)` group of a repository rule's `match`. The grammar's JSON is read as
     * text: the rule's object holds no nested object before its `match`, and the regex holds no quote.
     */
    private static List<String> names(String rule) {
        Matcher entry = Pattern.compile("\"" + Pattern.quote(rule) + "\"\\s*:\\s*\\{[^{}]*?\"match\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(grammar);
        assertThat(entry.find()).as("repository rule `%s` with a match in %s", rule, GRAMMAR).isTrue();
        String match = entry.group(1);
        Matcher group = Pattern.compile("\\(\\?:([A-Za-z0-9_]+(?:\\|[A-Za-z0-9_]+)*)\\)").matcher(match);
        assertThat(group.find()).as("an alternation of names in `%s`", match).isTrue();
        List<String> names = Arrays.asList(group.group(1).split("\\|"));
        assertThat(group.find()).as("a second alternation of names in `%s`", match).isFalse();
        return names;
    }
}
