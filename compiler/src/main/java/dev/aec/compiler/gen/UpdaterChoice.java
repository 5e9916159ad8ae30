package dev.aec.compiler.gen;

import dev.aec.compiler.model.Optimizer;

/**
 * The ND4J updater a generated `configureTraining` uses for an optimizer, and how faithful it is.
 * ND4J has Keras's rule for Adadelta (learning rate 1 only), Adam, plain SGD and Nesterov SGD. For
 * RMSprop without momentum, Adagrad and plain momentum SGD it has a close rule that differs in a way
 * `difference` says; the generated code uses it and its comment says how it differs. For Adadelta
 * with another learning rate and RMSprop with momentum it has nothing close, and the generated
 * method throws: training with a different rule than the train block asks for would be a silent
 * surprise. (`aec train` itself applies Keras's rule for every optimizer.)
 */
record UpdaterChoice(Fidelity fidelity, String updaterClass, String difference) {
    /** How close ND4J's updater comes to Keras's rule. */
    enum Fidelity {
        EXACT,
        CLOSE,
        NONE
    }

    static UpdaterChoice of(Optimizer o) {
        return switch (o.kind()) {
            case ADADELTA -> o.param("learning_rate") == 1.0
                    ? exact("AdaDelta")
                    : none("ND4J's AdaDelta has no learning rate (it is always 1), and this one is "
                            + o.param("learning_rate"));
            case ADAM -> exact("Adam");
            case SGD -> o.param("momentum") == 0 ? exact("Sgd")
                    : o.param("nesterov") != 0 ? exact("Nesterovs")
                    : new UpdaterChoice(Fidelity.CLOSE, "Nesterovs", "ND4J has no plain momentum, so this is Nesterov"
                            + " momentum, as Keras's nesterov: true");
            case RMSPROP -> o.param("momentum") == 0
                    ? new UpdaterChoice(Fidelity.CLOSE, "RmsProp", "ND4J starts the moving average of squared"
                            + " gradients at epsilon, Keras at 0, so the first steps differ")
                    : none("ND4J's RmsProp has no momentum");
            case ADAGRAD -> new UpdaterChoice(Fidelity.CLOSE, "AdaGrad", "ND4J starts the accumulator at epsilon,"
                    + " Keras at initial_accumulator_value (" + o.param("initial_accumulator_value")
                    + "), so the first steps differ");
        };
    }

    private static UpdaterChoice exact(String updaterClass) {
        return new UpdaterChoice(Fidelity.EXACT, updaterClass, "");
    }

    private static UpdaterChoice none(String why) {
        return new UpdaterChoice(Fidelity.NONE, "", why);
    }
}
