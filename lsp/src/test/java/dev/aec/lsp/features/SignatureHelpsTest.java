package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureHelpsTest {
    private static final String CONV = "conv2d(filters, kernel, stride = 1x1, padding = valid, activation = linear, "
            + "use_bias = true)";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "`{0}` is on `{1}`")
    @CsvSource(delimiter = ';', value = {
            "conv2d(|;filters",
            "conv2d(16|;filters",
            "conv2d(16, |;kernel",
            "conv2d(16, 3x3, |;stride",
            "conv2d(16, padding: |;padding",
            "conv2d(16, kernel: 3x3, activ|;activation",
            "conv2d(16, |kernel: 3x3;kernel",
            "conv2d(16, act|ivation: relu;activation"})
    void theActiveParameterFollowsPositionAndKeyword(String line, String active) {
        Marked m = Marked.of("model M : 28x28x1 -> 28x28x1 {\n  " + line + "\n}\n");
        SignatureHelp help = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow();
        SignatureInformation signature = help.getSignatures().get(0);
        assertThat(signature.getLabel()).isEqualTo(CONV);
        assertThat(label(signature, help.getActiveParameter())).startsWith(active);
    }

    @Test
    void everyParameterIsDocumented() {
        Marked m = Marked.of("model M : 28x28x1 -> 28x28x1 {\n  maxpool(|)\n}\n");
        SignatureInformation signature = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow()
                .getSignatures().get(0);
        assertThat(signature.getLabel()).isEqualTo("maxpool(size = 2x2, stride = the size, padding = valid)");
        assertThat(signature.getParameters()).extracting(p -> p.getDocumentation().getRight().getValue())
                .containsExactly("**size** of `maxpool`: pooling window\n\na size like `3x3`; default `2x2`",
                        "**stride** of `maxpool`: step between windows\n\na size like `3x3`; default the size",
                        "**padding** of `maxpool`: `same` keeps ceil(in/stride)\n\n`same` or `valid`; default `valid`");
        assertThat(signature.getDocumentation().getRight().getValue()).contains("maximum over each window");
    }

    @Test
    void aNestedModelShowsItsOneInput() {
        Marked m = Marked.of("model Encoder : 784 -> 64 {\n  dense(64)\n}\n\n"
                + "model A(x: 784) -> 64 {\n  return Encoder(|\n}\n");
        SignatureHelp help = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow();
        assertThat(help.getSignatures().get(0).getLabel()).isEqualTo("Encoder(input: 784) -> 64");
        assertThat(label(help.getSignatures().get(0), help.getActiveParameter())).isEqualTo("input: 784");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "h = dense(|;dense(units, activation = linear",
            "h = concat(x, |;concat(values..., axis = -1)",
            "h = concat(x, y, axis: |;concat(values..., axis = -1)"})
    void functionalLayersAndMerges(String line, String label) {
        Marked m = Marked.of("model A(x: 784) -> 64 {\n  " + line + "\n}\n");
        SignatureHelp help = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow();
        assertThat(help.getSignatures().get(0).getLabel()).startsWith(label);
    }

    @Test
    void anOptimizerInATrainBlock() {
        Marked m = Marked.of("train M {\n  optimizer: adam(0.01, beta_2: |)\n}\n");
        SignatureHelp help = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow();
        SignatureInformation signature = help.getSignatures().get(0);
        assertThat(signature.getLabel())
                .isEqualTo("adam(learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7)");
        assertThat(label(signature, help.getActiveParameter())).isEqualTo("beta_2 = 0.999");
    }

    @ParameterizedTest(name = "`{0}` is on `{2}`")
    @CsvSource(delimiter = ';', value = {
            "lr_schedule: cosine(epochs: 20, |;cosine(epochs, alpha, warmup);alpha",
            "early_stop: patience(|;patience(patience, min_delta, restore_best);patience",
            "early_stop: patience(3, rest|;patience(patience, min_delta, restore_best);restore_best",
            "data: images(\"faces\", size: |;images(path, size, resize, skip_bad);size",
            "checkpoint: every(|;every(epochs);epochs"})
    void theCallsOfOtherSettingsShowTheirParameters(String line, String label, String active) {
        Marked m = Marked.of("train M {\n  " + line + "\n}\n");
        SignatureHelp help = SignatureHelps.signatureHelp(m.analysis(dir), m.position()).orElseThrow();
        assertThat(help.getSignatures().get(0).getLabel()).isEqualTo(label);
        assertThat(label(help.getSignatures().get(0), help.getActiveParameter())).isEqualTo(active);
    }

    @ParameterizedTest(name = "none at {0}")
    @ValueSource(strings = {
            "model M : 784 -> 64 {\n  dense|(64)\n}\n",
            "model M : 784 -> 64 {\n  dense(64)|\n}\n",
            "model M : 784 -> 64 {\n  dense(64)  # dense(|\n}\n",
            "model A(x: 784) -> 64 {\n  return dense(64)(|)\n}\n",
            "train M {\n  data: mnist(|)\n}\n",
            "train M {\n  loss: mse(|)\n}\n"})
    void noneOutsideKnownArgumentLists(String marked) {
        Marked m = Marked.of(marked);
        Optional<SignatureHelp> help = SignatureHelps.signatureHelp(m.analysis(dir), m.position());
        assertThat(help).isEmpty();
    }

    private static String label(SignatureInformation signature, int active) {
        ParameterInformation parameter = signature.getParameters().get(active);
        Tuple.Two<Integer, Integer> range = parameter.getLabel().getRight();
        return signature.getLabel().substring(range.getFirst(), range.getSecond());
    }
}
