package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;
import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;
import java.util.List;
import java.util.Optional;

/**
 * A Gaussian latent layer (the variational autoencoder's): two dense projections of a vector, the
 * mean and the log-variance of `units` independent normals. Training samples z = mean +
 * exp(log_var / 2) * eps with eps ~ N(0, 1) and adds `beta` times the KL divergence from N(0, 1)
 * to the loss; inference gives the mean.
 */
public record Gaussian(int units, double beta) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("gaussian", Gaussian.class)
            .summary("variational latent: mean and log-variance of `units` normals, sampled when training")
            .param(required("units", ArgType.COUNT, "size of the latent vector"))
            .param(optional("beta", ArgType.WEIGHT, 1.0, "1.0", "weight of the KL term in the loss"))
            .output("input must be a vector `n`; gives `units`")
            .parameters("`2*(n*units + units)`")
            .example("gaussian(2)")
            .build(a -> new Gaussian(a.count("units"), a.number("beta")));

    /** The sample is linear in the mean: no activation, so a loss never looks through it. */
    @Override
    public Optional<Activation> appliedActivation() {
        return Optional.of(Activation.LINEAR);
    }

    /** It samples its fed noise while training and gives the mean at inference, on the graph's training flag. */
    @Override
    public boolean differsInTraining() {
        return true;
    }

    /** Its KL term. */
    @Override
    public boolean addsToLoss() {
        return true;
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "gaussian(" + units + (beta == 1.0 ? "" : ", beta " + beta) + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.needsVector("gaussian", in, "add `flatten` (or a `dense` layer) before it")
                .orElseGet(() -> Outputs.ok(Shape.of(units), ShapeRules.gaussianParams(in.dim(0), units)));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("gaussian", new Arg.Int(in.dim(0)), new Arg.Int(units), new Arg.Real(beta));
    }

    /** Its two dense projections. */
    @Override
    public long multiplyAdds(Shape in, Shape out) {
        return 2 * in.elements() * units;
    }

    /** Keras's z_mean and z_log_var: two Dense layers, kernels [in, units], each drawn in that order. */
    @Override
    public List<Weight> weights(Shape in) {
        int n = in.dim(0);
        return List.of(
                Weight.glorot("mean_kernel", Shape.of(n, units), n, units),
                Weight.zeros("mean_bias", Shape.of(units)),
                Weight.glorot("log_var_kernel", Shape.of(n, units), n, units),
                Weight.zeros("log_var_bias", Shape.of(units)));
    }
}
