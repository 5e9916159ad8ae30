package dev.aec.compiler.gen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaNamesTest {
    @ParameterizedTest
    @CsvSource({
        "Autoencoder, Autoencoder",
        "encoder, Encoder",
        "my_model2, My_model2",
        "SameDiff, SameDiffModel",
        "string, StringModel",
        "activation, ActivationModel",
        "padding, PaddingModel",
        "modelGraph, ModelGraphModel",
        "_, _Model",
    })
    void modelNamesBecomeClassNamesThatCompileBesideTheGeneratedCode(String model, String className) {
        assertThat(JavaNames.className(model)).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource({
        "aec.generated, true",
        "com.example.models, true",
        "models, true",
        "'', false",
        "1models, false",
        "a..b, false",
        "a.b., false",
        "class.models, false",
        "a-b, false",
    })
    void packageNamesAreDottedIdentifiersWithoutKeywords(String name, boolean valid) {
        assertThat(JavaNames.isPackage(name)).isEqualTo(valid);
    }

    @Test
    void literalsEscapeQuotesBackslashesAndNonAscii() {
        assertThat(JavaNames.literal("a\"b\\c\né")).isEqualTo("a\\\"b\\\\c\\n\\u00e9");
    }

    @Test
    void commentTextCannotEndTheCommentTheLineOrStartAUnicodeEscape() {
        assertThat(JavaNames.comment("a*/b")).isEqualTo("a* /b");
        assertThat(JavaNames.comment("x\ny")).isEqualTo("x?y");
        assertThat(JavaNames.comment("dir\\u000a.aemodel")).isEqualTo("dir\\\\u000a.aemodel");
    }
}
