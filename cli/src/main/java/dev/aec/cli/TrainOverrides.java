package dev.aec.cli;

import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.resolve.TrainLimits;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The `--epochs`, `--batch`, `--seed` and `--limit` flags of `aec train`, checked by the rules the
 * compiler checks a train block's settings by ({@link TrainLimits}), in the same words; a bad flag
 * is a usage error (exit 2). Null is a flag not given.
 */
record TrainOverrides(Integer epochs, Integer batch, Long seed, Integer limit) {
    /** The first flag out of range: "--epochs must be between 1 and 1000000, found 0". */
    Optional<String> problem() {
        return Stream.of(
                        check("--epochs", epochs, TrainLimits.EPOCHS),
                        check("--batch", batch, TrainLimits.BATCH),
                        check("--seed", seed, TrainLimits.SEED),
                        check("--limit", limit, TrainLimits.SAMPLES))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A `--batch` larger than the train block's data: "--batch of 70000 is larger than mnist.train
     * (60000 samples)"; the user's files are compared with `probed`, the samples a probe counted.
     */
    Optional<String> problemWith(TrainSpec base, OptionalInt probed) {
        return batch == null ? Optional.empty()
                : TrainLimits.batchProblem(batch, base.data(), probed).map(p -> "--batch " + p);
    }

    /** The train block with the flags given put in; a flag that does not fit its data is a usage error. */
    TrainSpec applyTo(TrainSpec base, OptionalInt probed, CommandLine commandLine) {
        Optional<String> problem = problem().or(() -> problemWith(base, probed));
        if (problem.isPresent()) {
            throw new ParameterException(commandLine, problem.get());
        }
        return base.with(batch != null ? batch : base.batch(), epochs != null ? epochs : base.epochs(),
                seed != null ? seed : base.seed());
    }

    private static Optional<String> check(String flag, Number value, TrainLimits.Range range) {
        return value == null ? Optional.empty() : range.problem(value.longValue()).map(p -> flag + " " + p);
    }
}
