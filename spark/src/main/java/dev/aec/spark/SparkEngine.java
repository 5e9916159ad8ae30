package dev.aec.spark;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.Steps;
import dev.aec.runtime.train.Trainer;
import dev.aec.runtime.train.TrainingControls;
import dev.aec.runtime.train.TrainingStep;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains a run's batches on Spark ({@link SparkSteps}) while everything else about the run stays
 * on the driver, as a local run does it. Needs aec's own optimizer, whose state it averages.
 */
public final class SparkEngine implements TrainingRun.Engine, AutoCloseable {
    private final JavaSparkContext spark;
    private final ModelRecipe recipe;
    private final SparkSettings settings;
    private SparkSteps steps;

    public SparkEngine(JavaSparkContext spark, ModelRecipe recipe, SparkSettings settings) {
        this.spark = spark;
        this.recipe = recipe;
        this.settings = settings;
    }

    @Override
    public boolean ownOptimizer() {
        return true;
    }

    @Override
    public Optional<Steps> steps(CompiledModel model, TrainingStep step, Examples train, Trainer.Plan plan,
                                 TrainingControls controls) {
        close();
        steps = new SparkSteps(spark, recipe, model, step, train, plan, controls, settings);
        return Optional.of(steps);
    }

    /** The workers hold the examples: the driver reads no training batch. */
    @Override
    public boolean readsBatchesHere() {
        return false;
    }

    @Override
    public String describe(String local) {
        return settingsLine() + ", each with " + local;
    }

    /** The master, the workers and how often they average: "Spark (local[2]): 2 workers averaging every 10 batches". */
    public String settingsLine() {
        return String.format(Locale.ROOT, "Spark (%s): %d worker%s averaging every %d batch%s", spark.master(),
                settings.workers(), settings.workers() == 1 ? "" : "s", settings.syncEvery(),
                settings.syncEvery() == 1 ? "" : "es");
    }

    @Override
    public Optional<RunRecord.Distributed> recorded() {
        return Optional.of(new RunRecord.Distributed(spark.master(), settings.workers(), settings.syncEvery(),
                settings.averageOptimizer()));
    }

    /** The round timings of the last run, for benchmarks; empty before one. */
    public Optional<SparkSteps.Meter> meter() {
        return Optional.ofNullable(steps).map(SparkSteps::meter);
    }

    @Override
    public void close() {
        if (steps != null) {
            steps.close();
            steps = null;
        }
    }
}
