package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Hover;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HoversTest {
    private static final String CONV = """
            model Encoder : 28x28x1 -> 4x4x8 {
              conv2d(16, kernel: 3x3, activation: relu, padding: same)   # 28x28x16
              maxpool(2x2, padding: same)
              conv2d(8, kernel: 3x3, activation: relu, padding: same)
              maxpool(2x2, padding: same)
              conv2d(8, kernel: 3x3, activation: relu, padding: same)
              maxpool(2x2, padding: same)
            }

            model Decoder : 4x4x8 -> 28x28x1 {
              conv2d(8, kernel: 3x3, activation: relu, padding: same)
              upsample(2x2)
              conv2d(8, kernel: 3x3, activation: relu, padding: same)
              upsample(2x2)
              conv2d(16, kernel: 3x3, activation: relu)
              upsample(2x2)
              conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
            }

            model Autoencoder : 28x28x1 -> 28x28x1 {
              Encoder
              Decoder
            }

            train Autoencoder {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam(learning_rate: 0.001)
              epochs: 1
              lr_schedule: cosine(epochs: 20)
              checkpoint: best
            }
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> hovers() {
        return Stream.of(
                Arguments.of("a layer call", at(CONV, "conv2d(16", 0),
                        new String[] {"**conv2d** -> `28x28x16`, 160 parameters", "2-D convolution"}),
                Arguments.of("inside a layer call", at(CONV, "maxpool(2x2", 9),
                        new String[] {"**maxpool** -> `14x14x16`, 0 parameters"}),
                Arguments.of("a nested model", at(CONV, "  Encoder\n", 3),
                        new String[] {"model Encoder : 28x28x1 -> 4x4x8", "1,904 parameters"}),
                Arguments.of("a model's name", at(CONV, "model Decoder", 8),
                        new String[] {"model Decoder : 4x4x8 -> 28x28x1", "2,481 parameters, all trainable"}),
                Arguments.of("the trained model", at(CONV, "train Autoencoder", 8),
                        new String[] {"model Autoencoder : 28x28x1 -> 28x28x1", "4,385 parameters"}),
                Arguments.of("a required argument key", at(CONV, "kernel: 3x3, activation: relu, padding: same)   #", 1),
                        new String[] {"**kernel** of `conv2d`: window size", "a size like `3x3`; required"}),
                Arguments.of("an optional argument key", at(CONV, "padding: same)   #", 2),
                        new String[] {"**padding** of `conv2d`", "default `valid`"}),
                Arguments.of("an activation value", at(CONV, "relu, padding: same)   #", 1),
                        new String[] {"**relu** (activation)", "max(0, x)"}),
                Arguments.of("a padding value", at(CONV, "same)   #", 1),
                        new String[] {"**same** (padding)", "ceil(in / stride)"}),
                Arguments.of("a train setting", at(CONV, "loss:", 1),
                        new String[] {"**loss** (train setting)", "required", "loss: binary_crossentropy"}),
                Arguments.of("a setting with a default", at(CONV, "epochs: 1", 1),
                        new String[] {"**epochs** (train setting)", "default `1`"}),
                Arguments.of("a loss", at(CONV, "binary_crossentropy", 3),
                        new String[] {"**binary_crossentropy**", "binary cross-entropy"}),
                Arguments.of("an optimizer", at(CONV, "adam(", 1),
                        new String[] {"**adam**: Adam", "`beta_1` (default `0.9`)", "`epsilon` (default `1e-7`)"}),
                Arguments.of("an optimizer's parameter", at(CONV, "learning_rate", 1),
                        new String[] {"**learning_rate** of `adam`: default `0.001`"}),
                Arguments.of("a dataset", at(CONV, "mnist", 1),
                        new String[] {"**mnist**: handwritten digits", "60,000 training"}),
                Arguments.of("a schedule", at(CONV, "cosine", 1),
                        new String[] {"**cosine**", "half a cosine"}),
                Arguments.of("a checkpoint rule", at(CONV, "best", 1),
                        new String[] {"**best**", "best monitored loss"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hovers")
    void hoverExplainsWhatIsUnderTheCursor(String what, String marked, String[] expected) {
        Marked m = Marked.of(marked);
        Optional<Hover> hover = Hovers.hover(m.analysis(dir), m.position());
        assertThat(hover).isPresent();
        assertThat(markdown(hover.get())).contains(expected);
    }

    @ParameterizedTest(name = "nothing at {0}")
    @ValueSource(strings = {"# 28x28x16", "-> 4x4x8 {", "train "})
    void nothingInCommentsSignaturesOrKeywords(String place) {
        Marked m = Marked.of(at(CONV, place, 2));
        assertThat(Hovers.hover(m.analysis(dir), m.position())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void aFileThatDoesNotParseStillExplainsKeysAndLayerKinds(String what, String marked, String expected) {
        Marked m = Marked.of(marked);
        assertThat(m.analysis(dir).result().program()).as("the text does not parse").isEmpty();
        Optional<Hover> hover = Hovers.hover(m.analysis(dir), m.position());
        assertThat(hover).isPresent();
        assertThat(markdown(hover.get())).contains(expected);
    }

    static Stream<Arguments> brokenFiles() {
        String text = "model M : 784 -> 64 {\n  dense(64, activation: relu\n  dropout(0.2)\n}\n\ntrain M {\n  loss: mse\n";
        return Stream.of(
                Arguments.of("a layer kind", at(text, "dense", 2), "**dense**: fully connected"),
                Arguments.of("an argument key", at(text, "activation", 2), "**activation** of `dense`"),
                Arguments.of("a train key", at(text, "loss", 2), "**loss** (train setting)"),
                Arguments.of("a loss", at(text, "mse", 1), "**mse**: mean squared error"),
                Arguments.of("a model's declared signature", at(text, "train M", 6), "model M : 784 -> 64"));
    }

    @ParameterizedTest(name = "over `{0}`")
    @ValueSource(strings = {"dense(32", "Broken"})
    void aShapeErrorInOneModelLeavesHoverInTheOthers(String place) {
        String text = """
                model Broken : 784 -> 10 {
                  reshape(7x7x8)
                }

                model Fine : 784 -> 32 {
                  dense(32)
                }
                """;
        Marked error = Marked.of(at(text, "reshape", 1));
        assertThat(error.analysis(dir).result().ok()).isFalse();
        Marked fine = Marked.of(at(text, "dense(32", 1));
        assertThat(markdown(Hovers.hover(fine.analysis(dir), fine.position()).orElseThrow()))
                .contains("`32`, 25,120 parameters");
        Marked broken = Marked.of(at(text, place, 1));
        Optional<Hover> hover = Hovers.hover(broken.analysis(dir), broken.position());
        assertThat(hover).isPresent();
        if (place.equals("Broken")) {
            assertThat(markdown(hover.get())).contains("model Broken : 784 -> 10");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functional")
    void functionalBodiesShowTheShapeOfTheInnermostCall(String what, String marked, String expected) {
        Marked m = Marked.of(marked);
        assertThat(markdown(Hovers.hover(m.analysis(dir), m.position()).orElseThrow())).contains(expected);
    }

    static Stream<Arguments> functional() {
        String text = """
                model Encoder : 784 -> 64 {
                  dense(64)
                }

                model Autoencoder(x: 784) -> 784 {
                  z = Encoder(dense(784)(x))
                  return dense(784, activation: sigmoid)(z)
                }
                """;
        return Stream.of(
                Arguments.of("a nested model call", at(text, "Encoder(dense", 2), "model Encoder : 784 -> 64"),
                Arguments.of("a layer inside it", at(text, "dense(784)(x)", 2), "**dense** -> `784`, 615,440 parameters"),
                Arguments.of("the returned layer", at(text, "dense(784, act", 1), "**dense** -> `784`, 50,960 parameters"),
                Arguments.of("its activation", at(text, "sigmoid", 1), "**sigmoid** (activation)"),
                Arguments.of("an assigned name", at(text, "z =", 0), "value **z** : `64`"),
                Arguments.of("a name in use", at(text, "(z)", 1), "value **z** : `64`"),
                Arguments.of("the model's input", at(text, "(x))", 1), "value **x** : `784`, the input of `Autoencoder`"));
    }

    /** `text` with the cursor `into` characters into the first occurrence of `place`. */
    static String at(String text, String place, int into) {
        int start = text.indexOf(place);
        if (start < 0) {
            throw new IllegalArgumentException("no `" + place + "` in the text");
        }
        return text.substring(0, start + into) + Marked.CURSOR + text.substring(start + into);
    }

    static String markdown(Hover hover) {
        return hover.getContents().getRight().getValue();
    }
}
