package dev.aec.compiler.ir;

import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a lowered autoencoder is cut into an encoder (input to latent) and a decoder (latent to
 * output): after its `gaussian` layer when it has one (a VAE, `variational`), else at the boundary
 * between its first and second top-level composed models, as in `Autoencoder { Encoder Decoder }`.
 * Both halves are graphs of their own whose node names (and so parameter names) are the full
 * graph's, so trained weights copy over by name.
 */
public record LatentCut(Graph full, int latentNode, boolean variational, Graph encoder, Graph decoder) {

    /** A cut, or why there is none, in words a user can act on. */
    public record Search(Optional<LatentCut> cut, String problem) {
        static Search found(LatentCut cut) {
            return new Search(Optional.of(cut), "");
        }

        static Search missing(String problem) {
            return new Search(Optional.empty(), problem);
        }
    }

    public Shape latentShape() {
        return full.nodes().get(latentNode).outShape();
    }

    /** Finds the cut of `graph`. */
    public static Search find(Graph graph) {
        for (IrNode node : graph.nodes()) {
            if (node.layer() instanceof Gaussian) {
                return cutAfter(graph, node.id(), true, "its gaussian layer `" + node.name() + "`");
            }
        }
        List<String> models = topLevelModels(graph);
        if (models.size() < 2) {
            return Search.missing("model `" + graph.model() + "` has no latent to cut at: write it as an encoder "
                    + "model followed by a decoder model, as `model " + graph.model() + " : " + graph.input() + " -> "
                    + graph.output() + " { Encoder  Decoder }`, or give it a `gaussian(N)` layer, so aec knows which "
                    + "value is the latent");
        }
        String first = models.get(0);
        int latent = -1;
        for (IrNode node : graph.nodes()) {
            if (first.equals(topLevelModel(node))) {
                latent = node.id();
            }
        }
        return cutAfter(graph, latent, false, "`" + first + "`");
    }

    private static Search cutAfter(Graph graph, int latent, boolean variational, String what) {
        // Every later node must read only the latent or nodes after it, or the decoder would need
        // values the latent does not carry.
        for (IrNode node : graph.nodes().subList(latent + 1, graph.nodes().size())) {
            if (node.inputs().stream().anyMatch(i -> i < latent)) {
                return Search.missing("model `" + graph.model() + "` cannot be cut after " + what + ": `"
                        + node.name() + "` reads a value from before the latent; let only the latent cross to the "
                        + "decoder");
            }
        }
        if (graph.outputNode() <= latent) {
            return Search.missing("the output of model `" + graph.model() + "` does not come after " + what
                    + ", so there is no decoder to cut off");
        }
        Graph encoder = new Graph(graph.model() + "/encoder", graph.input(),
                graph.nodes().get(latent).outShape(), graph.nodes().subList(0, latent + 1), latent);
        Graph decoder = new Graph(graph.model() + "/decoder", graph.nodes().get(latent).outShape(), graph.output(),
                renumbered(graph.nodes().subList(latent + 1, graph.nodes().size()), latent + 1),
                graph.outputNode() - (latent + 1));
        return Search.found(new LatentCut(graph, latent, variational, encoder, decoder));
    }

    /** Nodes moved down by `offset`; the node at `offset - 1` (the latent) becomes the graph input. */
    private static List<IrNode> renumbered(List<IrNode> nodes, int offset) {
        List<IrNode> out = new ArrayList<>();
        for (IrNode n : nodes) {
            List<Integer> inputs = n.inputs().stream().map(i -> i == offset - 1 ? IrNode.GRAPH_INPUT : i - offset)
                    .toList();
            out.add(new IrNode(n.id() - offset, n.name(), n.layer(), inputs, n.inShapes(), n.outShape(), n.params(),
                    n.span()));
        }
        return out;
    }

    /** The distinct top-level composed models in evaluation order (`Encoder` of `Encoder/conv2d_0`). */
    private static List<String> topLevelModels(Graph graph) {
        List<String> models = new ArrayList<>();
        for (IrNode node : graph.nodes()) {
            String model = topLevelModel(node);
            if (!model.isEmpty() && !models.contains(model)) {
                models.add(model);
            }
        }
        return models;
    }

    private static String topLevelModel(IrNode node) {
        int slash = node.name().indexOf('/');
        return slash < 0 ? "" : node.name().substring(0, slash);
    }
}
