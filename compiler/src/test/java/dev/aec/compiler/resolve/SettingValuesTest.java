package dev.aec.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every word offered for a setting's value is one the resolver reads, written as its example shows. */
class SettingValuesTest {
    /** The codes of a value the resolver does not know or cannot read as the setting's. */
    private static final Set<Code> REJECTED = Set.of(Code.E0201, Code.E0202, Code.E0204, Code.E0401, Code.E0404,
            Code.E0406, Code.E0407, Code.E0411);

    @TempDir
    Path dir;

    static Stream<Arguments> values() {
        return TrainSettings.names().stream()
                .flatMap(setting -> SettingValues.of(setting).stream().map(v -> Arguments.of(setting, v)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void everyOfferedValueWrittenAsItsExampleIsRead(String setting, SettingValues.Value value) {
        assertThat(problems(setting, value.example())).extracting(Diagnostic::code).doesNotContainAnyElementsOf(REJECTED);
        assertThat(value.summary()).isNotBlank().doesNotEndWith(".");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void aWordThatNeedsArgumentsIsAnErrorAlone(String setting, SettingValues.Value value) {
        boolean rejected = problems(setting, value.word()).stream().anyMatch(d -> REJECTED.contains(d.code()));
        assertThat(rejected).isEqualTo(value.needsArguments());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void everyParameterOfferedIsOneTheResolverKnows(String setting, SettingValues.Value value) {
        for (String parameter : value.parameters()) {
            List<Diagnostic> problems = problems(setting, value.word() + "(" + parameter + ": 1)");
            assertThat(problems).as("`%s` of `%s`", parameter, value.word()).extracting(Diagnostic::code)
                    .doesNotContain(Code.E0106);
        }
        List<Diagnostic> unknown = problems(setting, value.word() + "(no_such_parameter: 1)");
        assertThat(unknown.stream().anyMatch(d -> d.code() == Code.E0106))
                .as("a call of `%s` names its parameters", value.word()).isEqualTo(!value.parameters().isEmpty());
    }

    /** The diagnostics of a train block that sets `setting` to `value`, and the required settings otherwise. */
    private List<Diagnostic> problems(String setting, String value) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("data", "mnist", "loss", "mse", "optimizer", "adam"));
        settings.put(setting, value);
        String block = settings.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
        String text = "model M : 28x28x1 -> 28x28x1 {\n  relu\n}\n\ntrain M {\n" + block + "\n}\n";
        return Compiler.compile(new SourceFile("m.aemodel", text), dir).diagnostics().sorted();
    }

    @Test
    void numericSettingsOfferNoWords() {
        assertThat(SettingValues.of("batch")).isEmpty();
        assertThat(SettingValues.of("epochs")).isEmpty();
        assertThat(SettingValues.of("seed")).isEmpty();
        assertThat(TrainSettings.names()).filteredOn(s -> SettingValues.of(s).isEmpty())
                .containsExactlyInAnyOrder("batch", "epochs", "seed");
    }

    @Test
    void validationOffersTheHeldOutShareAndNoneButDataDoesNot() {
        assertThat(SettingValues.of("validation")).extracting(SettingValues.Value::word).contains("split", "none", "mnist");
        assertThat(SettingValues.of("data")).extracting(SettingValues.Value::word).doesNotContain("split", "none");
    }
}
