package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.data.DataSource.Columns;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid data sources resolve to the fields the runtime reads; relative paths start at the model file's folder. */
class DataSourcesTest {
    private static final String MODEL = """
            model Autoencoder : 784 -> 784 {
              dense(64, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;

    @TempDir
    Path dir;

    /** The expected fields of a file source, `path` relative to the model's folder unless absolute. */
    record Expected(Format format, String path, Optional<Shape> size, boolean resize, boolean skipBad, Header header,
                    Optional<List<Columns.Column>> columns, Optional<String> array, Optional<Scale> scale) {
        static Expected of(Format format, String path) {
            return new Expected(format, path, Optional.empty(), false, false, Header.AUTO, Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        Expected size(Shape s) {
            return new Expected(format, path, Optional.of(s), resize, skipBad, header, columns, array, scale);
        }

        Expected flags(boolean r, boolean s) {
            return new Expected(format, path, size, r, s, header, columns, array, scale);
        }

        Expected header(Header h) {
            return new Expected(format, path, size, resize, skipBad, h, columns, array, scale);
        }

        Expected columns(Columns.Column... c) {
            return new Expected(format, path, size, resize, skipBad, header, Optional.of(List.of(c)), array, scale);
        }

        Expected array(String a) {
            return new Expected(format, path, size, resize, skipBad, header, columns, Optional.of(a), scale);
        }

        Expected scale(Scale s) {
            return new Expected(format, path, size, resize, skipBad, header, columns, array, Optional.of(s));
        }
    }

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("images(\"digits\", size: 28x28x1)",
                        Expected.of(Format.IMAGES, "digits").size(Shape.of(28, 28, 1))),
                Arguments.of("images(\"photos/train\", size: 14x14x4, resize: true, skip_bad: true)",
                        Expected.of(Format.IMAGES, "photos/train").size(Shape.of(14, 14, 4)).flags(true, true)),
                Arguments.of("images(path: \"./a/../b\", size: 28x28x1, resize: false)",
                        Expected.of(Format.IMAGES, "b").size(Shape.of(28, 28, 1))),
                Arguments.of("csv(\"table.csv\")", Expected.of(Format.CSV, "table.csv")),
                Arguments.of("csv(\"table.csv\", header: true, columns: \"0-63\", scale: minmax)",
                        Expected.of(Format.CSV, "table.csv").header(Header.YES).columns(new Columns.Range(0, 63))
                                .scale(Scale.MINMAX)),
                Arguments.of("csv(\"../t.csv\", header: false, columns: \"1, 3-4\", scale: standard)",
                        Expected.of(Format.CSV, "../t.csv").header(Header.NO)
                                .columns(new Columns.Index(1), new Columns.Range(3, 4)).scale(Scale.STANDARD)),
                Arguments.of("npy(\"x.npy\")", Expected.of(Format.NPY, "x.npy")),
                Arguments.of("npy(\"x.NPZ\", array: \"x_train\", scale: pixels)",
                        Expected.of(Format.NPY, "x.NPZ").array("x_train").scale(Scale.PIXELS)),
                Arguments.of("idx(\"train-images-idx3-ubyte.gz\", scale: none)",
                        Expected.of(Format.IDX, "train-images-idx3-ubyte.gz").scale(Scale.NONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void validSourceResolvesToItsFields(String written, Expected expected) {
        TrainSpec train = compile("data: " + written);
        assertThat(train.data()).isInstanceOf(FileSource.class);
        FileSource source = (FileSource) train.data();
        assertThat(source.format()).isEqualTo(expected.format());
        assertThat(source.path()).isEqualTo(dir.toAbsolutePath().resolve(expected.path()).normalize());
        assertThat(source.path().isAbsolute()).isTrue();
        assertThat(source.size()).isEqualTo(expected.size());
        assertThat(source.resize()).isEqualTo(expected.resize());
        assertThat(source.skipBad()).isEqualTo(expected.skipBad());
        assertThat(source.header()).isEqualTo(expected.header());
        assertThat(source.columns().map(Columns::items)).isEqualTo(expected.columns());
        assertThat(source.array()).isEqualTo(expected.array());
        assertThat(source.scale()).isEqualTo(expected.scale());
        assertThat(source.span().text()).isEqualTo(written);
        assertThat(source.pathSpan().text()).startsWith("\"").endsWith("\"");
        assertThat(train.test()).as("files have no test data unless `test:` names some").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void sourceWritesItselfAsItWasWritten(String written, Expected expected) {
        FileSource source = (FileSource) compile("data: " + written).data();
        String again = source.toString();
        FileSource reread = (FileSource) compile("data: " + again).data();
        assertThat(reread.toString()).isEqualTo(again);
        assertThat(reread.path()).isEqualTo(source.path());
        assertThat(reread.columns().map(Columns::items)).isEqualTo(source.columns().map(Columns::items));
    }

    @Test
    void absolutePathIsKeptAndWrittenTextRemembered() {
        Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
        String written = elsewhere.toString().replace("\\", "\\\\");
        FileSource source = (FileSource) compile("data: csv(\"" + written + "/t.csv\")").data();
        assertThat(source.path()).isEqualTo(elsewhere.resolve("t.csv"));
        assertThat(source.written()).isEqualTo(elsewhere + "/t.csv");
    }

    @Test
    void aPathWrittenAsAUriIsKeptAsWrittenAndSaysTheClusterSharesIt() {
        FileSource hdfs = (FileSource) compile("data: images(\"hdfs://namenode:8020/digits/train\", size: 28x28x1)")
                .data();
        assertThat(hdfs.location()).isEqualTo(java.net.URI.create("hdfs://namenode:8020/digits/train"));
        assertThat(hdfs.local()).isFalse();
        assertThat(hdfs.shared()).isTrue();
        assertThat(hdfs.written()).isEqualTo("hdfs://namenode:8020/digits/train");
        assertThatThrownBy(hdfs::path).isInstanceOf(IllegalStateException.class).hasMessageContaining("hdfs://");

        FileSource file = (FileSource) compile("data: csv(\"file:///shared/t.csv\")").data();
        assertThat(file.local()).isTrue();
        assertThat(file.shared()).as("written as a URI: every machine reads it there").isTrue();
        assertThat(file.path()).isEqualTo(Path.of(java.net.URI.create("file:///shared/t.csv")));

        FileSource plain = (FileSource) compile("data: csv(\"t.csv\")").data();
        assertThat(plain.local()).isTrue();
        assertThat(plain.shared()).as("a plain path is this machine's").isFalse();
    }

    @Test
    void namedDatasetKeepsItsSplitsAndIsTestedOnItsTestSplit() {
        TrainSpec train = compile("data: mnist  validation: mnist.test");
        assertThat(train.data()).isEqualTo(new DataRef("mnist", DataRef.Split.TRAIN, train.data().span()));
        assertThat(train.validation().map(Object::toString)).contains("mnist.test");
        assertThat(train.test().map(Object::toString)).contains("mnist.test");
        assertThat(compile("data: fashion_mnist  test: none").test()).isEmpty();
        assertThat(compile("data: mnist  test: fashion_mnist").test().map(Object::toString))
                .contains("fashion_mnist.test");
    }

    @Test
    void theTrainingSplitIsNamedAfterADotThoughTrainIsAKeyword() {
        TrainSpec train = compile("data: mnist.train  validation: fashion_mnist.train");
        assertThat(train.data()).isEqualTo(new DataRef("mnist", DataRef.Split.TRAIN, train.data().span()));
        assertThat(train.data().span().text()).isEqualTo("mnist.train");
        assertThat(train.validation()).map(Object::toString).contains("fashion_mnist.train");
    }

    @Test
    void heldOutSharesAreValidationAndTestData() {
        TrainSpec train = compile("data: csv(\"t.csv\")  validation: split(0.1)  test: split(share: 0.2)");
        assertThat(train.validation()).containsInstanceOf(DataSource.HeldOut.class);
        assertThat(((DataSource.HeldOut) train.validation().orElseThrow()).share()).isEqualTo(0.1);
        assertThat(((DataSource.HeldOut) train.test().orElseThrow()).share()).isEqualTo(0.2);
    }

    @Test
    void optionSpansPointAtTheValuesWritten() {
        FileSource source = (FileSource) compile("data: csv(\"t.csv\", columns: \"0-3\")").data();
        assertThat(source.optionSpan("columns").text()).isEqualTo("\"0-3\"");
        assertThat(source.optionSpan("scale")).as("an option not written points at the path").isEqualTo(source.pathSpan());
    }

    @Test
    void pathsInAnImportedFileStartAtThatFilesFolder() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/trained.aemodel"), MODEL + "train Autoencoder { data: csv(\"table.csv\") "
                + "loss: mse  optimizer: adam }\n");
        Compiler.Result result = Compiler.compile(new SourceFile("main.aemodel", "import \"lib/trained.aemodel\"\n"),
                dir, Optional.empty());
        assertThat(result.ok()).isTrue();
        FileSource source = (FileSource) result.program().orElseThrow().trains().get(0).data();
        assertThat(source.path()).isEqualTo(dir.toAbsolutePath().resolve("lib/table.csv").normalize());
        assertThat(source.written()).isEqualTo("table.csv");
    }

    private TrainSpec compile(String settings) {
        String text = MODEL + "train Autoencoder {\n  " + settings + "\n  loss: mse\n  optimizer: adam\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("data.aemodel", text), dir);
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        assertThat(result.ok()).as(() -> result.diagnostics().sorted().stream().map(renderer::render)
                .reduce("", String::concat)).isTrue();
        return result.program().orElseThrow().trains().get(0);
    }
}
