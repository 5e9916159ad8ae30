package dev.aec.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import dev.aec.compiler.diag.Catalogue.Block;
import dev.aec.compiler.diag.Catalogue.Entry;
import dev.aec.compiler.diag.Catalogue.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The catalogue the jar carries is docs/errors.md, and every code's entry is found whole in it. */
class CatalogueTest {
    private static final Catalogue JAR = Catalogue.load();

    @ParameterizedTest
    @EnumSource(Code.class)
    void everyCodeHasAnEntryWithItsTitleTextAndMessage(Code code) {
        Entry entry = JAR.entry(code).orElseThrow(() -> new AssertionError("no entry for " + code));
        assertThat(entry.title()).isEqualTo(code.title());
        assertThat(entry.text()).isNotBlank();
        // The message block of the right section prints the code itself: blocks were not taken from a neighbour.
        assertThat(entry.message()).hasValueSatisfying(m -> assertThat(m).contains(
                code.severity().word() + "[" + code.name() + "]"));
        entry.example().ifPresent(example -> assertThat(example).doesNotContain("[" + code.name() + "]"));
    }

    @Test
    void onlyTheFileTooLargeToWriteDownHasNoExample() {
        assertThat(Arrays.stream(Code.values()).filter(c -> JAR.entry(c).orElseThrow().example().isEmpty()))
                .containsExactly(Code.E0008);
    }

    @Test
    void theJarCarriesThePageItself() throws IOException {
        Catalogue page = Catalogue.parse(Files.readString(TestPaths.repo().resolve("docs/errors.md")));
        assertThat(JAR.entries()).isEqualTo(page.entries()).hasSize(Code.values().length);
    }

    @Test
    void anEntryRunsToTheNextHeadingOutsideACodeBlock() {
        Catalogue catalogue = Catalogue.parse("""
                # Error catalogue

                Intro that belongs to no entry.

                ## E0006: not UTF-8 text

                Model files are UTF-8,
                wrapped over two lines.

                ```aemodel
                # Le modèle

                ## E0007: not a heading here
                ```

                ```text
                example.aemodel:1:9: error[E0006]: invalid UTF-8
                ```

                A closing remark.
                ## E9999: a code aec does not have

                Not part of E0006.
                """);
        Entry entry = catalogue.entry(Code.E0006).orElseThrow();
        assertThat(entry.title()).isEqualTo("not UTF-8 text");
        assertThat(entry.blocks()).containsExactly(
                new Block(Kind.PROSE, "Model files are UTF-8,\nwrapped over two lines."),
                new Block(Kind.EXAMPLE, "# Le modèle\n\n## E0007: not a heading here"),
                new Block(Kind.MESSAGE, "example.aemodel:1:9: error[E0006]: invalid UTF-8"),
                new Block(Kind.PROSE, "A closing remark."));
        assertThat(entry.text()).isEqualTo("Model files are UTF-8,\nwrapped over two lines.\n\nA closing remark.");
        assertThat(catalogue.entries()).extracting(Entry::code).containsExactly(Code.E0006);
    }

    @Test
    void aCodeBlockOfAnotherLanguageIsAListing() {
        Entry entry = Catalogue.parse("## E0408: data source cannot be read\n\n```csv\na,b\n1,x\n```\n")
                .entry(Code.E0408).orElseThrow();
        assertThat(entry.blocks()).containsExactly(new Block(Kind.LISTING, "a,b\n1,x"));
        assertThat(entry.example()).isEmpty();
        assertThat(entry.message()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Code.class)
    void everyCodeBelongsToAStageThePageNames(Code code) throws IOException {
        String page = Files.readString(TestPaths.repo().resolve("docs/errors.md"));
        assertThat(code.name()).startsWith(code.stage().codes().substring(0, 3));
        assertThat(page).contains("`" + code.stage().codes() + "` for " + code.stage().title());
    }
}
