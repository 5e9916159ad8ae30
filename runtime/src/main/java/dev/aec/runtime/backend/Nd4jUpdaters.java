package dev.aec.runtime.backend;

import dev.aec.compiler.model.Optimizer;
import java.util.Optional;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * ND4J's own updater for an optimizer, only where its rule is exactly Keras's (checked by
 * TrainingStepTest). ND4J's Adadelta has no learning rate (it is 1), it has no plain momentum
 * SGD, its RMSprop learns differently from Keras's (measured: the losses part after one step)
 * and its Adagrad starts its accumulator elsewhere; those run in aec's own loop.
 */
public final class Nd4jUpdaters {
    private Nd4jUpdaters() {
    }

    public static Optional<IUpdater> exact(Optimizer o) {
        return switch (o.kind()) {
            case ADADELTA -> o.param("learning_rate") == 1.0
                    ? Optional.of(new AdaDelta(o.param("rho"), o.param("epsilon"))) : Optional.empty();
            case ADAM -> Optional.of(new Adam(o.param("learning_rate"), o.param("beta_1"), o.param("beta_2"),
                    o.param("epsilon")));
            case SGD -> o.param("momentum") == 0 ? Optional.of(new Sgd(o.param("learning_rate")))
                    : o.param("nesterov") != 0 ? Optional.of(new Nesterovs(o.param("learning_rate"), o.param("momentum")))
                    : Optional.empty();
            case RMSPROP, ADAGRAD -> Optional.empty();
        };
    }
}
