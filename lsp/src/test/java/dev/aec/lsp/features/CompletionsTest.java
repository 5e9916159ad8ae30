package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.model.Loss;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionsTest {
    private static final String MODELS = """
            model Encoder : 784 -> 64 {
              dense(64)
            }

            """;

    @TempDir
    Path dir;

    static Stream<Arguments> places() {
        return Stream.of(
                Arguments.of("a layer line", MODELS + "model M : 64 -> 64 {\n  |\n}\n",
                        List.of("dense", "conv2d", "relu", "Encoder"), List.of("add", "concat", "M", "return")),
                Arguments.of("a layer line being typed", MODELS + "model M : 784 -> 64 {\n  den|\n}\n",
                        List.of("dense", "Encoder"), List.of("units")),
                Arguments.of("a layer's first argument", "model M : 784 -> 64 {\n  conv2d(|\n}\n",
                        List.of("filters", "kernel", "stride", "padding"), List.of("dense", "relu")),
                Arguments.of("a layer's next argument", "model M : 784 -> 64 {\n  conv2d(16, |)\n}\n",
                        List.of("kernel", "stride", "use_bias"), List.of("filters")),
                Arguments.of("arguments given after the cursor",
                        "model M : 784 -> 64 {\n  conv2d(16, |, padding: same)\n}\n",
                        List.of("kernel", "stride"), List.of("filters", "padding")),
                Arguments.of("an activation value", "model M : 784 -> 64 {\n  dense(64, activation: |)\n}\n",
                        List.of("relu", "sigmoid", "leaky_relu", "linear"), List.of("units", "same")),
                Arguments.of("a padding value being typed",
                        "model M : 784 -> 64 {\n  conv2d(8, kernel: 3x3, padding: s|\n}\n",
                        List.of("same", "valid"), List.of("relu")),
                Arguments.of("a boolean value", "model M : 784 -> 64 {\n  dense(64, use_bias: |)\n}\n",
                        List.of("true", "false"), List.of("relu")),
                Arguments.of("a train key", MODELS + "train Encoder {\n  data: mnist\n  |\n  loss: mse\n}\n",
                        List.of("optimizer", "epochs", "lr_schedule", "checkpoint"), List.of("data", "loss")),
                Arguments.of("a loss", MODELS + "train Encoder {\n  loss: |\n}\n",
                        Arrays.stream(Loss.values()).map(Loss::keyword).toList(), List.of("adam", "data")),
                Arguments.of("an optimizer", MODELS + "train Encoder {\n  optimizer: ad|\n}\n",
                        List.of("adam", "adadelta", "sgd"), List.of("mse")),
                Arguments.of("an optimizer's parameters",
                        MODELS + "train Encoder {\n  optimizer: adam(learning_rate: 0.1, |)\n}\n",
                        List.of("beta_1", "beta_2", "epsilon"), List.of("learning_rate", "rho")),
                Arguments.of("data", MODELS + "train Encoder {\n  data: |\n}\n",
                        List.of("mnist", "fashion_mnist", "images", "csv", "npy", "idx"), List.of("split", "none")),
                Arguments.of("validation", MODELS + "train Encoder {\n  validation: |\n}\n",
                        List.of("mnist", "split", "none"), List.of("mse", "adam")),
                Arguments.of("a split", MODELS + "train Encoder {\n  validation: mnist.|\n}\n",
                        List.of("train", "test"), List.of("mnist")),
                Arguments.of("a schedule", MODELS + "train Encoder {\n  lr_schedule: |\n}\n",
                        List.of("step", "exponential", "cosine", "on_plateau", "none"), List.of("mnist", "patience")),
                Arguments.of("a schedule's parameters", MODELS + "train Encoder {\n  lr_schedule: step(every: 10, |)\n}\n",
                        List.of("factor", "warmup"), List.of("every", "decay", "alpha")),
                Arguments.of("the options of files", MODELS + "train Encoder {\n  data: images(\"faces\", |)\n}\n",
                        List.of("size", "resize", "skip_bad"), List.of("path", "header")),
                Arguments.of("early stopping", MODELS + "train Encoder {\n  early_stop: |\n}\n",
                        List.of("patience", "none"), List.of("cosine", "every")),
                Arguments.of("a checkpoint rule", MODELS + "train Encoder {\n  checkpoint: |\n}\n",
                        List.of("last", "best", "every"), List.of("none")),
                Arguments.of("reduction", MODELS + "train Encoder {\n  reduction: |\n}\n",
                        List.of("mean", "sum"), List.of("none", "mse")),
                Arguments.of("noise", MODELS + "train Encoder {\n  noise: |\n}\n",
                        List.of("gaussian", "salt_and_pepper", "none"), List.of("mnist", "split")),
                Arguments.of("a trained model", MODELS + "train |", List.of("Encoder"), List.of("dense", "model")),
                Arguments.of("the top level", MODELS + "|", List.of("model", "train", "import"), List.of("dense")),
                Arguments.of("a functional value", MODELS + "model A(x: 784) -> 64 {\n  h = dense(784)(x)\n  z = |\n}\n",
                        List.of("h", "x", "Encoder", "dense", "add", "concat"), List.of("A", "return")),
                Arguments.of("a functional statement", MODELS + "model A(x: 784) -> 64 {\n  h = dense(784)(x)\n  |\n}\n",
                        List.of("return"), List.of("dense")),
                Arguments.of("a functional layer's arguments", "model A(x: 784) -> 64 {\n  h = dense(|\n}\n",
                        List.of("units", "activation"), List.of("x")),
                Arguments.of("a functional layer's input", "model A(x: 784) -> 64 {\n  h = dense(64)(|\n}\n",
                        List.of("x", "dense"), List.of("units")),
                Arguments.of("a merge's values and setting",
                        "model A(x: 28x28x1) -> 28x28x2 {\n  h = relu(x)\n  return concat(h, |)\n}\n",
                        List.of("h", "x", "axis"), List.of("units", "return")),
                Arguments.of("a nested model's input", MODELS + "model A(x: 784) -> 64 {\n  return Encoder(|)\n}\n",
                        List.of("x", "Encoder", "dense"), List.of("units")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void offersWhatMayBeWrittenThere(String what, String marked, List<String> offered, List<String> notOffered) {
        Marked m = Marked.of(marked);
        List<String> labels = Completions.complete(m.analysis(dir), m.position()).stream()
                .map(CompletionItem::getLabel).toList();
        assertThat(labels).containsAll(offered).doesNotContainAnyElementsOf(notOffered);
    }

    @ParameterizedTest(name = "nothing in {0}")
    @ValueSource(strings = {
            "model M : 784 -> 64 {\n  dense(64)  # a comment about d|\n}\n",
            "model M : 784 -> 64 {\n  /* dense(| */\n}\n",
            "train M {\n  data: images(\"fa|ces\", size: 28x28x1)\n}\n",
            "train M {\n  data: images(\"fa|"})
    void nothingInCommentsOrStrings(String marked) {
        Marked m = Marked.of(marked);
        assertThat(Completions.complete(m.analysis(dir), m.position())).isEmpty();
    }

    @Test
    void aLayerKindInsertsItsRequiredParametersAndDocumentsItsExample() {
        Marked m = Marked.of("model M : 784 -> 64 {\n  |\n}\n");
        List<CompletionItem> items = Completions.complete(m.analysis(dir), m.position());
        CompletionItem conv = item(items, "conv2d");
        assertThat(conv.getKind()).isEqualTo(CompletionItemKind.Function);
        assertThat(conv.getInsertTextFormat()).isEqualTo(InsertTextFormat.Snippet);
        assertThat(conv.getInsertText()).isEqualTo("conv2d(${1:filters}, kernel: ${2:kernel})");
        assertThat(conv.getDetail()).isEqualTo(LayerKinds.find("conv2d").orElseThrow().summary());
        assertThat(conv.getDocumentation().getRight().getValue())
                .contains(LayerKinds.find("conv2d").orElseThrow().example());
        assertThat(item(items, "flatten").getInsertText()).isEqualTo("flatten");
    }

    @Test
    void aFunctionalLayerInsertsItsInputTooTheLatestValue() {
        Marked m = Marked.of("model A(x: 784) -> 64 {\n  h = dense(128)(x)\n  return |\n}\n");
        List<CompletionItem> items = Completions.complete(m.analysis(dir), m.position());
        assertThat(item(items, "dense").getInsertText()).isEqualTo("dense(${1:units})(${2:h})");
        assertThat(item(items, "flatten").getInsertText()).isEqualTo("flatten(${1:h})");
        assertThat(item(items, "add").getInsertText()).isEqualTo("add(${1:h}, ${2:b})");
        assertThat(item(items, "h").getKind()).isEqualTo(CompletionItemKind.Variable);
    }

    @Test
    void anEditorWithoutSnippetsGetsPlainNames() {
        Marked m = Marked.of("model A(x: 784) -> 64 {\n  return |\n}\n");
        List<CompletionItem> items = Completions.complete(m.analysis(dir), m.position(), false);
        assertThat(items).isNotEmpty().allSatisfy(i -> {
            assertThat(i.getInsertTextFormat()).isEqualTo(InsertTextFormat.PlainText);
            assertThat(i.getInsertText()).doesNotContain("$");
        });
        assertThat(item(items, "dense").getInsertText()).isEqualTo("dense");
    }

    @Test
    void itemsCarryKindsAndDefaults() {
        Marked params = Marked.of("model M : 784 -> 64 {\n  conv2d(16, |)\n}\n");
        CompletionItem stride = item(Completions.complete(params.analysis(dir), params.position()), "stride");
        assertThat(stride.getKind()).isEqualTo(CompletionItemKind.Property);
        assertThat(stride.getDetail()).isEqualTo("default `1x1`");
        assertThat(stride.getInsertText()).isEqualTo("stride: ");

        Marked model = Marked.of(MODELS + "model M : 784 -> 784 {\n  |\n}\n");
        CompletionItem encoder = item(Completions.complete(model.analysis(dir), model.position()), "Encoder");
        assertThat(encoder.getKind()).isEqualTo(CompletionItemKind.Class);
        assertThat(encoder.getDetail()).isEqualTo("model : 784 -> 64");

        Marked data = Marked.of(MODELS + "train Encoder {\n  data: |\n}\n");
        List<CompletionItem> values = Completions.complete(data.analysis(dir), data.position());
        assertThat(item(values, "mnist").getKind()).isEqualTo(CompletionItemKind.Value);
        assertThat(item(values, "images").getInsertText()).isEqualTo("images(${1})");

        Marked key = Marked.of(MODELS + "train Encoder {\n  |\n}\n");
        CompletionItem loss = item(Completions.complete(key.analysis(dir), key.position()), "loss");
        assertThat(loss.getInsertText()).isEqualTo("loss: ");
        assertThat(loss.getDetail()).isEqualTo("required");
    }

    private static CompletionItem item(List<CompletionItem> items, String label) {
        return items.stream().filter(i -> i.getLabel().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no item `" + label + "` in " + items.stream()
                        .map(CompletionItem::getLabel).toList()));
    }
}
