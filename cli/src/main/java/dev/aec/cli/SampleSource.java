package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.latent.LatentDistribution;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Examples;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where `aec sample` draws its latents from. Kept out of {@link SampleCommand}: picocli reflects on
 * a command's methods, and a signature naming ND4J-backed types would load ND4J for `aec check`.
 */
final class SampleSource {
    private SampleSource() {
    }

    /** A VAE's prior; for a plain autoencoder a normal fitted to its first `fitOn` training latents. */
    static LatentDistribution of(Path run, SavedRun saved, LatentModel latent, boolean prior, int fitOn,
                                 DataOptions data, PrintWriter err)
            throws LatentException, DataException, dev.aec.runtime.run.RunException {
        if (latent.variational()) {
            return new LatentDistribution.StandardNormal(latent.size());
        }
        if (prior) {
            throw new LatentException("run " + run + " is a plain autoencoder (model `" + saved.record().model()
                    + "`), which has no prior to sample from; leave out --prior to sample from a normal fitted to "
                    + "its training latents, or train a VAE, whose encoder ends in a `gaussian(N)` layer");
        }
        Examples examples;
        try {
            examples = dev.aec.runtime.run.RunData.load(saved.spec(), saved.model().graph().input(), Optional.empty(),
                    data.access(new TrainingProgress(err, false, false)), saved.facts(), () -> false).train();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(saved.spec().data().toString(), "interrupted while reading");
        }
        int count = Math.min(fitOn, examples.count());
        return LatentDistribution.FittedNormal.fit(latent.encode(examples.range(0, count)));
    }
}
