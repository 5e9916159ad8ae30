package dev.aec.compiler.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every link and image of the README, CONTRIBUTING, the editor's README and the pages under docs/ leads somewhere. */
class DocLinksTest {
    private static final Path REPO = TestPaths.repo();

    @Test
    void everyLinkAndImageOfTheDocumentationResolves() throws IOException {
        List<String> pages = documentationPages();
        assertThat(pages).contains("README.md", "CONTRIBUTING.md", "editors/vscode/README.md", "docs/errors.md",
                "docs/reference/README.md");
        assertThat(MarkdownLinks.problems(new RepositoryPages(), pages)).isEmpty();
    }

    @Test
    void theCheckerFindsTheLinksOfTheRealReadme() throws IOException {
        // A parser that saw nothing would pass the test above; the README links a picture and the reference.
        List<MarkdownLinks.Link> links = MarkdownLinks.links("README.md", Files.readString(REPO.resolve("README.md")));
        assertThat(links).anyMatch(l -> l.image() && l.target().endsWith(".png"));
        assertThat(links).anyMatch(l -> !l.image() && l.target().equals("docs/reference/README.md"));
    }

    /** Each row: a page's text in a small repository of `docs/a.md`, `docs/b.md` and `docs/pic.png`, and the problem, or none. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a link to a page that exists                    | [b](b.md)                              |
            a link to a page that does not exist            | [c](c.md)                              | broken link c.md: no file docs/c.md
            a link up to the root                           | [readme](../README.md)                 |
            a link that climbs out of the repository        | [out](../../x.md)                      | link ../../x.md leaves the repository
            a link to a folder                              | [docs](.)                              |
            an image that exists                            | ![p](pic.png)                          |
            an image that does not exist                    | ![p](gone.png)                         | missing image gone.png: no file docs/gone.png
            an html image that does not exist               | <img src="gone.png" width="10">        | missing image gone.png: no file docs/gone.png
            an image inside a link                          | [![p](gone.png)](b.md)                 | missing image gone.png: no file docs/gone.png
            a reference definition to a missing page        | [x]: nowhere.md                        | broken link nowhere.md: no file docs/nowhere.md
            an anchor of another page                       | [s](b.md#shapes-and-sizes)             |
            an anchor with punctuation dropped              | [s](b.md#from-maven-aec-maven-plugin)  |
            a repeated heading's second anchor              | [s](b.md#notes-1)                      |
            a third notes heading that is not there         | [s](b.md#notes-2)                      | broken anchor b.md#notes-2: no heading of docs/b.md has the anchor #notes-2
            an anchor of another page that is not there     | [s](b.md#shapes)                       | broken anchor b.md#shapes: no heading of docs/b.md has the anchor #shapes
            an anchor of the page itself                    | [s](#title-of-a)                       |
            an anchor of the page itself that is not there  | [s](#nothing)                          | broken anchor #nothing: no heading of docs/a.md has the anchor #nothing
            a heading inside a code block is no anchor      | [s](b.md#not-a-heading)                | broken anchor b.md#not-a-heading: no heading of docs/b.md has the anchor #not-a-heading
            a link inside a code span is not a link         | `[c](c.md)`                            |
            a web address is not fetched                    | [k](https://keras.io/examples/no-page) |
            a malformed web address                         | [k](https://keras.io/a%zz)             | malformed web address https://keras.io/a%zz
            a web address without a host                    | [k](https:///x)                        | malformed web address https:///x
            an explicit html anchor                         | [s](b.md#here)                         |
            """)
    void reportsBrokenTargetsAndNothingElse(String row, String line, String problem) {
        Map<String, String> files = Map.of(
                "README.md", "# top\n",
                "docs/a.md", "# Title of a\n\n" + line + "\n",
                "docs/b.md", """
                        # B
                        ## Shapes and sizes
                        ### From Maven: `aec-maven-plugin`
                        ## Notes
                        ## Notes
                        <a id="here"></a>
                        ```
                        # not a heading
                        ```
                        """,
                "docs/pic.png", "");
        MarkdownLinks.Pages pages = new MarkdownLinks.Pages() {
            @Override
            public Optional<String> read(String path) {
                return Optional.ofNullable(files.get(path));
            }

            @Override
            public boolean exists(String path) {
                return path.equals(".") || files.keySet().stream().anyMatch(f -> f.equals(path) || f.startsWith(path + "/"));
            }
        };
        List<String> problems = MarkdownLinks.problems(pages, List.of("docs/a.md"));
        if (problem == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().asString().startsWith("docs/a.md:3: ").contains(problem);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Quick start                                 | quick-start
            From a Maven build: `aec-maven-plugin`      | from-a-maven-build-aec-maven-plugin
            Sampling and latent spaces                  | sampling-and-latent-spaces
            **Bold** and [a link](x.md)                 | bold-and-a-link
            E0307: output shape differs (input 28x28x1) | e0307-output-shape-differs-input-28x28x1
            snake_case stays                            | snake_case-stays
            """)
    void headingsGetGitHubsAnchors(String heading, String anchor) {
        assertThat(MarkdownLinks.slug(heading)).isEqualTo(anchor);
    }

    private static List<String> documentationPages() throws IOException {
        try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
            return Stream.concat(
                            Stream.of("README.md", "CONTRIBUTING.md", "editors/vscode/README.md"),
                            docs.filter(p -> p.toString().endsWith(".md")).map(p -> REPO.relativize(p).toString().replace('\\', '/')))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The repository on disk. */
    private static final class RepositoryPages implements MarkdownLinks.Pages {
        @Override
        public Optional<String> read(String path) {
            Path file = REPO.resolve(path);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean exists(String path) {
            return Files.exists(REPO.resolve(path));
        }
    }
}
