package dev.aec.compiler.check;

import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;

/** Finds one simple layer that turns a shape into the expected one, to offer as the fix. */
final class OneLayerFix {
    private OneLayerFix() {
    }

    static Optional<String> find(Shape from, Shape to) {
        if (from.elements() == to.elements() && from.elements() > 0) {
            return Optional.of(to.rank() == 1 ? "flatten" : "reshape(" + to + ")");
        }
        List<Candidate> candidates = List.of(
                new Candidate(new MaxPool(Size2.square(2), Size2.square(2), Padding.SAME), "maxpool(2x2, padding: same)"),
                new Candidate(new MaxPool(Size2.square(2), Size2.square(2), Padding.VALID), "maxpool(2x2)"),
                new Candidate(new Upsample(Size2.square(2)), "upsample(2x2)"));
        for (Candidate c : candidates) {
            ShapeResult r = LayerShapes.apply(c.layer(), from);
            if (r instanceof ShapeResult.Ok ok && ok.shape().equals(to)) {
                return Optional.of(c.text());
            }
        }
        return Optional.empty();
    }

    private record Candidate(Layer layer, String text) {
    }
}
