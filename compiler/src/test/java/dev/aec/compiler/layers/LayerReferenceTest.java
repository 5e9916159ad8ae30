package dev.aec.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `docs/reference/layers.md` is exactly what the layer kinds say; `-Daec.bless=true` rewrites it. */
class LayerReferenceTest {
    private static final Path PAGE = TestPaths.repo().resolve("docs/reference/layers.md");

    @Test
    void referencePageIsMadeFromTheLayerKinds() throws IOException {
        String made = LayerReference.markdown();
        if (TestPaths.bless()) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, made);
        }
        assertThat(PAGE).as("run with -Daec.bless=true to write it").exists();
        assertThat(Files.readString(PAGE)).isEqualTo(made);
    }

    @Test
    void everyKindArgumentAndKerasNameIsOnThePage() {
        String page = LayerReference.markdown();
        for (LayerSpec spec : LayerKinds.all()) {
            assertThat(page).as(spec.name()).contains("## `" + spec.name() + "`");
            spec.params().forEach(p -> assertThat(page).as(spec.name() + " " + p.name()).contains("- `" + p.name() + "`"));
            spec.kerasNames().forEach(k -> assertThat(page).as(k).contains("`" + k + "`"));
        }
    }
}
