package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The table of data-source options is what the resolver accepts and reads, no more and no less. */
class DataOptionsTest {
    private static final String MODEL = """
            model Autoencoder : 784 -> 784 {
              dense(64, activation: relu)
              dense(784, activation: sigmoid)
            }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyOptionOfTheTableIsReadWithItsExample(Format format) {
        List<DataOptions.Option> options = DataOptions.of(format);
        assertThat(options.get(0).name()).as("the path comes first").isEqualTo("path");
        assertThat(DataSourceReader.OPTIONS.get(format)).as("the options the resolver binds")
                .containsExactlyElementsOf(DataOptions.names(format));
        String written = format.keyword() + "(" + options.stream().map(o -> o.name() + ": " + o.example())
                .collect(Collectors.joining(", ")) + ")";
        Compiler.Result result = compile(written);
        assertThat(result.diagnostics().sorted()).as(written).isEmpty();
        FileSource source = (FileSource) result.program().orElseThrow().trains().get(0).data();
        assertThat(source.toString()).startsWith(format.keyword() + "(" + options.get(0).example());
        for (DataOptions.Option option : options.subList(1, options.size())) {
            assertThat(source.toString()).as("`%s` is read into the source", option.name())
                    .contains(option.name() + ": " + option.example());
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void anOptionMissingFromTheTableIsRejected(Format format) {
        List<String> others = Arrays.stream(Format.values()).flatMap(f -> DataOptions.names(f).stream())
                .filter(name -> !DataOptions.names(format).contains(name)).distinct().toList();
        assertThat(others).isNotEmpty();
        String required = DataOptions.of(format).stream().filter(DataOptions.Option::required)
                .map(o -> o.name() + ": " + o.example()).collect(Collectors.joining(", "));
        for (String name : others) {
            String written = format.keyword() + "(" + required + ", " + name + ": 1)";
            assertThat(compile(written).diagnostics().sorted()).as(written).extracting(Diagnostic::code)
                    .contains(Code.E0106);
        }
    }

    @Test
    void requiredOptionsAreThePathAndTheSizeOfImages() {
        for (Format format : Format.values()) {
            assertThat(DataOptions.of(format).stream().filter(DataOptions.Option::required).map(DataOptions.Option::name))
                    .as(format.keyword())
                    .containsExactlyElementsOf(format == Format.IMAGES ? List.of("path", "size") : List.of("path"));
        }
    }

    @Test
    void bytesOfArraysAreReadAsPixelsUnlessScaleSaysOtherwise() {
        assertThat(DataOptions.defaultScale(Format.NPY, true)).isEqualTo(Scale.PIXELS);
        assertThat(DataOptions.defaultScale(Format.IDX, true)).isEqualTo(Scale.PIXELS);
        assertThat(DataOptions.defaultScale(Format.NPY, false)).isEqualTo(Scale.NONE);
        assertThat(DataOptions.defaultScale(Format.CSV, false)).isEqualTo(Scale.NONE);
        assertThat(DataOptions.of(Format.NPY)).filteredOn(o -> o.name().equals("scale"))
                .extracting(DataOptions.Option::defaultText).containsExactly("`pixels` for bytes, else `none`");
        assertThat(DataOptions.of(Format.CSV)).filteredOn(o -> o.name().equals("scale"))
                .extracting(DataOptions.Option::defaultText).containsExactly("`none`");
    }

    private Compiler.Result compile(String source) {
        String text = MODEL + "train Autoencoder {\n  data: " + source + "\n  loss: mse\n  optimizer: adam\n}\n";
        return Compiler.compile(new SourceFile("data.aemodel", text), dir);
    }
}
