package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.latent.LatentDistribution;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.Examples;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Where `aec sample` draws its latents from. Kept out of {@link SampleCommand}: picocli reflects on
 * a command's methods, and a signature naming ND4J-backed types would load ND4J for `aec check`.
 */
final class SampleSource {
    private SampleSource() {
    }

    /** A VAE's prior; for a plain autoencoder a normal fitted to its first `fitOn` training latents. */
    static LatentDistribution of(Path run, SavedRun saved, LatentModel latent, boolean prior, int fitOn,
                                 DataOptions data, PrintWriter err) throws LatentException, DataException {
        if (latent.variational()) {
            return new LatentDistribution.StandardNormal(latent.size());
        }
        if (prior) {
            throw new LatentException("run " + run + " is a plain autoencoder (model `" + saved.record().model()
                    + "`), which has no prior to sample from; leave out --prior to sample from a normal fitted to "
                    + "its training latents, or train a VAE, whose encoder ends in a `gaussian(N)` layer");
        }
        Dataset train = data.read(TrainingRun.dataset(saved.spec()), Split.TRAIN, new TrainingProgress(err, false, false));
        Examples examples = Examples.of(train, saved.model().graph().input());
        int count = Math.min(fitOn, examples.count());
        return LatentDistribution.FittedNormal.fit(latent.encode(examples.range(0, count)));
    }
}
