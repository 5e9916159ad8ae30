package dev.aec.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataProbe.Found;
import dev.aec.compiler.data.DataProbe.Problem;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceText;
import dev.aec.compiler.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checker with a probe: what the probe finds in the user's files is checked against the model. */
class DataProbeCheckTest {
    private static final String AUTOENCODER = """
            model Autoencoder : 784 -> 784 {
              dense(64, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;
    private static final String CLASSIFIER = """
            model Classifier : 28x28x1 -> 3 {
              flatten
              dense(3, activation: softmax)
            }
            """;
    private static final String FLAT_CLASSIFIER = """
            model Classifier : 784 -> 3 {
              dense(3, activation: softmax)
            }
            """;
    private static final Path DIR = Path.of("").toAbsolutePath();

    /** Answers from a table keyed by the path as written; anything else is Unknown. Records every call. */
    private static final class TableProbe implements DataProbe {
        final Map<String, Finding> findings;
        final List<String> asked = new ArrayList<>();

        TableProbe(Map<String, Finding> findings) {
            this.findings = findings;
        }

        @Override
        public Finding probe(DataSource.FileSource source) {
            asked.add(source.written());
            return findings.getOrDefault(source.written(), new Unknown());
        }
    }

    private static Found found(Shape shape, int count, String... classes) {
        return new Found(shape, OptionalInt.of(count), List.of(classes));
    }

    private static String block(String model, String name, String settings) {
        return model + "train " + name + " {\n" + settings + "\n}\n";
    }

    static Stream<Arguments> probeFindings() {
        return Stream.of(
                Arguments.of("a problem is reported at the path",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n  optimizer: adam"),
                        Map.of("t.csv", new Problem("cannot read `t.csv`: no such file", "no such file",
                                Optional.of("check the path"))),
                        Code.E0408, "\"t.csv\"", "cannot read `t.csv`: no such file", "check the path"),
                Arguments.of("a problem with an option is reported at its value",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\", columns: \"0-799\")\n  loss: mse\n"
                                + "  optimizer: adam"),
                        Map.of("t.csv", new Problem("`t.csv` has 784 columns, so column 799 is not there",
                                "past the last column", Optional.of("keep columns 0 to 783"), Optional.of("columns"))),
                        Code.E0408, "\"0-799\"", "`t.csv` has 784 columns, so column 799 is not there",
                        "keep columns 0 to 783"),
                Arguments.of("samples that do not feed the model are E0306 with the shapes and a fix",
                        block(AUTOENCODER, "Autoencoder", "  data: npy(\"x.npy\")\n  loss: mse\n  optimizer: adam"),
                        Map.of("x.npy", found(Shape.of(8, 8), 500)),
                        Code.E0306, "\"x.npy\"", "`Autoencoder` takes 784, but `x.npy` gives samples of 8x8",
                        "declare the input as 8x8, or 64 to take the values flattened"),
                Arguments.of("a classifier on an unlabelled folder",
                        block(CLASSIFIER, "Classifier", "  data: images(\"pets\", size: 28x28x1)\n"
                                + "  loss: categorical_crossentropy\n  optimizer: adam"),
                        Map.of("pets", found(Shape.of(28, 28, 1), 40)),
                        Code.E0410, "\"pets\"",
                        "`pets` has no labels, but `categorical_crossentropy` trains a classifier on them",
                        "put each class's images in a sub-folder of its own, e.g. `pets/cat/` and `pets/dog/`"),
                Arguments.of("a classifier on an unlabelled table",
                        block(FLAT_CLASSIFIER, "Classifier", "  data: csv(\"pets.csv\")\n"
                                + "  loss: categorical_crossentropy\n  optimizer: adam"),
                        Map.of("pets.csv", found(Shape.of(784), 40)),
                        Code.E0410, "\"pets.csv\"",
                        "`pets.csv` has no labels, but `categorical_crossentropy` trains a classifier on them",
                        "read a folder of images with a sub-folder per class"),
                Arguments.of("a classifier's output must have one unit per class found",
                        block(CLASSIFIER, "Classifier", "  data: images(\"pets\", size: 28x28x1)\n"
                                + "  loss: categorical_crossentropy\n  optimizer: adam"),
                        Map.of("pets", found(Shape.of(28, 28, 1), 40, "cat", "dog")),
                        Code.E0311, "categorical_crossentropy",
                        "`Classifier` is trained to classify `pets` into 2 classes, but its output is 3",
                        "end the model with `dense(2, activation: softmax)`"),
                Arguments.of("validation data of another shape than the training data",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n  optimizer: adam\n"
                                + "  validation: csv(\"v.csv\")"),
                        Map.of("t.csv", found(Shape.of(784), 100), "v.csv", found(Shape.of(783), 10)),
                        Code.E0409, "\"v.csv\"", "`validation` gives samples of 783, but `data` gives samples of 784",
                        "use validation data whose samples are 784"),
                Arguments.of("test data of another shape than a named dataset",
                        block(AUTOENCODER, "Autoencoder", "  data: mnist\n  loss: mse\n  optimizer: adam\n"
                                + "  test: npy(\"t.npy\")"),
                        Map.of("t.npy", found(Shape.of(784), 100)),
                        Code.E0409, "\"t.npy\"", "`test` gives samples of 784, but `data` gives 28x28x1 images",
                        "use test data whose samples are 28x28x1"),
                Arguments.of("test data checked against the model when the training data is not probed",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n  optimizer: adam\n"
                                + "  test: csv(\"test.csv\")"),
                        Map.of("test.csv", found(Shape.of(10), 100)),
                        Code.E0306, "\"test.csv\"", "`Autoencoder` takes 784, but `test.csv` gives samples of 10",
                        "declare the input as 10"),
                Arguments.of("validation classes that differ from the training classes",
                        block(CLASSIFIER, "Classifier", "  data: images(\"pets/train\", size: 28x28x1)\n"
                                + "  loss: categorical_crossentropy\n  optimizer: adam\n"
                                + "  validation: images(\"pets/val\", size: 28x28x1)"),
                        Map.of("pets/train", found(Shape.of(28, 28, 1), 90, "cat", "dog", "fox"),
                                "pets/val", found(Shape.of(28, 28, 1), 9, "cat", "dog", "owl")),
                        Code.E0409, "\"pets/val\"", "`validation` has other classes than `data`",
                        "give both folders the same class sub-folders"),
                Arguments.of("a batch larger than the samples counted",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n  optimizer: adam\n"
                                + "  batch: 100"),
                        Map.of("t.csv", found(Shape.of(784), 50)),
                        Code.E0205, "100", "batch of 100 is larger than csv(\"t.csv\") (50 samples)",
                        "use a batch of at most 50"),
                Arguments.of("the default batch larger than the samples counted",
                        block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n  optimizer: adam"),
                        Map.of("t.csv", found(Shape.of(784), 10)),
                        Code.E0205, "\"t.csv\"", "the default batch of 32 is larger than csv(\"t.csv\") (10 samples)",
                        "add `batch: 10` or less to the train block"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeFindings")
    void probeFindingIsReportedWhereItsCauseIsWritten(String what, String text, Map<String, DataProbe.Finding> table,
                                                     Code code, String at, String message, String help) {
        Compiler.Result result = compile(text, new TableProbe(table));
        List<Diagnostic> errors = result.diagnostics().sorted();
        assertThat(errors).as(render(result)).hasSize(1);
        Diagnostic d = errors.get(0);
        assertThat(d.code()).isEqualTo(code);
        assertThat(d.span().text()).isEqualTo(at);
        assertThat(d.message()).isEqualTo(message);
        assertThat(d.helps()).contains(help);
        assertThat(result.program().orElseThrow().trains()).as("the block cannot be trained").isEmpty();
    }

    @Test
    void problemIsRenderedAtThePathWithItsLabelAndHelp() {
        Compiler.Result result = compile(block(AUTOENCODER, "Autoencoder",
                        "  data: idx(\"digits.idx\")\n  loss: mse\n  optimizer: adam"),
                new TableProbe(Map.of("digits.idx", new Problem("`digits.idx` is not an IDX file: it starts with "
                        + "`PK`, as a zip archive does", "not an IDX file", Optional.of("unzip it first")))));
        assertThat(render(result)).isEqualTo("""
                data.aemodel:6:13: error[E0408]: `digits.idx` is not an IDX file: it starts with `PK`, as a zip archive does
                   6 |   data: idx("digits.idx")
                     |             ^^^^^^^^^^^^ not an IDX file
                help: unzip it first
                """);
    }

    @Test
    void namedDatasetsAreNeverProbed() {
        DataProbe refuses = source -> {
            throw new AssertionError("probed " + source);
        };
        Compiler.Result result = compile(block(AUTOENCODER, "Autoencoder", "  data: mnist\n  loss: mse\n"
                + "  optimizer: adam\n  validation: fashion_mnist.test"), refuses);
        assertThat(result.ok()).as(render(result)).isTrue();
    }

    @Test
    void unknownFindingsLeaveTheDataUnchecked() {
        TableProbe probe = new TableProbe(Map.of());
        Compiler.Result result = compile(block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n"
                + "  optimizer: adam\n  validation: split(0.1)\n  test: npy(\"t.npy\")"), probe);
        assertThat(result.ok()).as(render(result)).isTrue();
        assertThat(probe.asked).as("every file source once, the held-out share never").containsExactly("t.csv", "t.npy");
        assertThat(result.program().orElseThrow().found()).isEmpty();
    }

    @Test
    void whatTheProbeFoundIsKeptForTheSummary() {
        Found table = found(Shape.of(784), 1200);
        Compiler.Result result = compile(block(AUTOENCODER, "Autoencoder", "  data: csv(\"t.csv\")\n  loss: mse\n"
                + "  optimizer: adam\n  batch: 64"), new TableProbe(Map.of("t.csv", table)));
        assertThat(result.ok()).as(render(result)).isTrue();
        CheckedProgram program = result.program().orElseThrow();
        DataSource data = program.trains().get(0).data();
        assertThat(program.found(data)).contains(table);
        assertThat(program.probedCount(data)).hasValue(1200);
    }

    @Test
    void imagesThatDoNotFitAreReportedWithoutAProbeAtTheirSize() {
        Compiler.Result result = compile(block(CLASSIFIER, "Classifier", "  data: images(\"pets\", size: 32x32x3)\n"
                + "  loss: categorical_crossentropy\n  optimizer: adam"), DataProbe.NONE);
        Diagnostic d = result.diagnostics().sorted().get(0);
        assertThat(d.code()).isEqualTo(Code.E0306);
        assertThat(d.span().text()).isEqualTo("32x32x3");
        assertThat(d.helps()).containsExactly(
                "declare the input as 32x32x3, or 3072 to take the pixels flattened; or read the images at `size: 28x28x1`");
    }

    private static Compiler.Result compile(String text, DataProbe probe) {
        return Compiler.compile(new SourceFile("data.aemodel", text), DIR, Optional.empty(), SourceText::read, probe);
    }

    private static String render(Compiler.Result result) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        return result.diagnostics().sorted().stream().map(renderer::render).reduce("", String::concat);
    }
}
