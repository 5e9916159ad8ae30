package dev.aec.compiler.ir;

import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * A model lowered for the backends: a DAG of layers with known shapes in evaluation order, its
 * parameters in a fixed order, and the node that gives the output.
 */
public record Graph(String model, Shape input, Shape output, List<IrNode> nodes, int outputNode) {
    public Graph {
        nodes = List.copyOf(nodes);
    }

    public List<Param> params() {
        return nodes.stream().flatMap(n -> n.params().stream()).toList();
    }

    /** Whether some layer computes something else while training than at inference. */
    public boolean differsInTraining() {
        return nodes.stream().anyMatch(n -> n.layer().differsInTraining());
    }

    /** Every tensor's values, trainable or not, as Keras's total. */
    public long paramCount() {
        return params().stream().mapToLong(p -> p.shape().elements()).sum();
    }

    /** A deterministic text dump, for golden tests and `--verbose`. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(model).append(" : ").append(input).append(" -> ").append(output).append('\n');
        for (IrNode node : nodes) {
            sb.append(String.format("  %%%d = %s(%s) : %s -> %s  # %s%n", node.id(), node.name(),
                    node.inputs().stream().map(i -> i == IrNode.GRAPH_INPUT ? "input" : "%" + i)
                            .collect(java.util.stream.Collectors.joining(", ")),
                    node.inShapes().stream().map(Shape::toString).collect(java.util.stream.Collectors.joining(", ")),
                    node.outShape(),
                    node.layer().describe()));
            for (Param p : node.params()) {
                sb.append(String.format("      param %s %s %s%s%n", p.name(), p.shape(), describe(p.init()),
                        p.trainable() ? "" : ", non-trainable"));
            }
        }
        sb.append("  output %").append(outputNode).append('\n');
        return sb.toString();
    }

    private static String describe(Weight.Init init) {
        if (init instanceof Weight.Init.GlorotUniform g) {
            return "glorot_uniform(fan_in " + g.fanIn() + ", fan_out " + g.fanOut() + ")";
        }
        return init instanceof Weight.Init.Ones ? "ones" : "zeros";
    }
}
