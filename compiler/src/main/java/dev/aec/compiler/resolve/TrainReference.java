package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataOptions;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Schedule;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Ast;
import dev.aec.compiler.syntax.Parser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The language reference's page on train blocks, made from the tables the resolver reads (the
 * settings, the words of each setting's value, the optimizers, activations and datasets), so it
 * cannot drift from what the compiler accepts: `docs/reference/train.md` is this text, and a test
 * keeps it so.
 */
public final class TrainReference {
    private TrainReference() {
    }

    /** The whole page, in Markdown. */
    public static String markdown() {
        StringBuilder page = new StringBuilder();
        page.append("# Train blocks\n\n")
                .append("<!-- Made from the compiler's tables by TrainReference; do not edit. After changing a setting,"
                        + " an optimizer,\n")
                .append("     an activation, a dataset or an option of a kind of file:\n")
                .append("     mvn -pl compiler -am test -Dtest=TrainReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Daec.bless=true -->\n\n")
                .append("A `train` block says how a model learns: one `name: value` setting a line, in any order.\n")
                .append("Settings left out take their default; a required one left out is an error.\n\n");
        settings(page);
        values(page);
        files(page);
        optimizers(page);
        activations(page);
        datasets(page);
        return page.toString();
    }

    private static void settings(StringBuilder page) {
        page.append("## Settings\n\n")
                .append("| setting | default | example | what it sets |\n")
                .append("|---|---|---|---|\n");
        for (TrainSettings.Setting s : TrainSettings.ALL) {
            page.append("| `").append(s.name()).append("` | ")
                    .append(s.required() ? "required" : defaultText(s.defaultText())).append(" | `")
                    .append(s.name()).append(": ").append(s.example()).append("` | ").append(cell(s.summary()))
                    .append(" |\n");
        }
    }

    /** A default that is a word of the language in backticks; one in words (`the dataset's test split`) as is. */
    private static String defaultText(String text) {
        return text.contains(" ") ? text : "`" + text + "`";
    }

    /** Each setting whose value is one of a list of words, with those words. */
    private static void values(StringBuilder page) {
        for (TrainSettings.Setting s : TrainSettings.ALL) {
            List<SettingValues.Value> values = SettingValues.of(s.name());
            page.append("\n## `").append(s.name()).append("`\n\n").append(capitalised(s.summary())).append(".\n");
            if (values.isEmpty()) {
                page.append("\nA number: `").append(s.name()).append(": ").append(s.example()).append("`.\n");
                continue;
            }
            page.append("\n| value | written | parameters | meaning |\n|---|---|---|---|\n");
            for (SettingValues.Value v : values) {
                page.append("| `").append(v.word()).append("` | `").append(v.example()).append("` | ")
                        .append(v.parameters().isEmpty() ? "" : v.parameters().stream().map(p -> "`" + p + "`")
                                .collect(Collectors.joining(", ")))
                        .append(" | ").append(cell(v.summary()))
                        .append(v.needsArguments() ? " (needs its arguments)" : "").append(" |\n");
            }
            List<String> alone = values.stream().map(v -> aloneMeans(s.name(), v.word()))
                    .flatMap(Optional::stream).toList();
            if (!alone.isEmpty()) {
                page.append("\nWritten alone, each takes its defaults: ").append(String.join(", ", alone))
                        .append(s.name().equals("lr_schedule") ? "; `warmup` is 0 unless given" : "").append(".\n");
            }
            if (s.name().equals("optimizer")) {
                page.append("\nEach optimizer's parameters and their defaults are under [Optimizers](#optimizers).\n");
            }
            if (s.name().equals("data")) {
                page.append("\nEach kind of file's options and their defaults are under [Your files](#your-files).\n");
            }
        }
    }

    /**
     * What a rule of `early_stop` or `lr_schedule` written without arguments means, as the resolver
     * reads it, so the page states the defaults the resolver applies: "`step` is `step(every: 10,
     * factor: 0.5)`". Empty for other settings and for words that need their arguments.
     */
    private static Optional<String> aloneMeans(String setting, String word) {
        if (!setting.equals("early_stop") && !setting.equals("lr_schedule") || word.equals(TrainResolver.NONE)) {
            return Optional.empty();
        }
        Diagnostics diagnostics = new Diagnostics();
        SourceFile source = new SourceFile("reference.aemodel", "train M {\n    " + setting + ": " + word + "\n}\n");
        Optional<Ast.Expr> value = Parser.parse(source, diagnostics)
                .flatMap(file -> file.trains().stream().findFirst())
                .flatMap(train -> train.entries().stream().findFirst())
                .map(Ast.TrainEntry::value);
        if (value.isEmpty()) {
            throw new IllegalStateException("`" + setting + ": " + word + "` does not parse: " + diagnostics);
        }
        ControlReader controls = new ControlReader(diagnostics, new ValueReader(diagnostics));
        Optional<?> read = setting.equals("early_stop") ? controls.earlyStop(value.get())
                : controls.schedule(value.get());
        return read.filter(r -> !diagnostics.hasErrors()).map(r -> "`" + word + "` is `" + r + "`"
                + (r instanceof Schedule.Cosine c && c.epochs().isEmpty() ? " over the train block's `epochs`" : ""));
    }

    /** The options of each kind of file `data:`, `validation:` and `test:` may read, from the resolver's table. */
    private static void files(StringBuilder page) {
        page.append("\n## Your files\n\n")
                .append("Instead of a dataset, `data:`, `validation:` and `test:` may read files. The path comes first and"
                        + " may go without its name; every other option is given by name. A relative path starts at the"
                        + " folder of the file that writes it. A path written as a URI (`file:///shared/digits`,"
                        + " `hdfs://namenode:8020/digits`, `s3a://bucket/digits`) names a file system a whole cluster"
                        + " reads: `aec train --spark` has its executors read the training source there, each"
                        + " its share ([Spark](spark.md#where-the-data-is-read)); without `--spark`, a `file:` URI"
                        + " is read as its path and other schemes are an error.\n");
        for (DataSource.Format format : DataSource.Format.values()) {
            page.append("\n### `").append(format.keyword()).append("`\n\n")
                    .append("| option | takes | default | example | meaning |\n|---|---|---|---|---|\n");
            for (DataOptions.Option option : DataOptions.of(format)) {
                page.append("| `").append(option.name()).append("` | ").append(cell(option.takes())).append(" | ")
                        .append(cell(option.defaultText())).append(" | `").append(option.name()).append(": ")
                        .append(option.example()).append("` | ").append(cell(option.meaning())).append(" |\n");
            }
        }
    }

    private static void optimizers(StringBuilder page) {
        page.append("\n## Optimizers\n\n")
                .append("Parameters are given by name, in any order: `adam(learning_rate: 0.0005, beta_1: 0.5)`;"
                        + " the first may go without its name, as the learning rate: `adam(0.0005)`; a bare name takes"
                        + " every default. The defaults are Keras's, except Adadelta's learning rate: 1.0 is the original"
                        + " paper's value and that of the Keras version the MNIST autoencoder tutorial used; Keras 2.3"
                        + " changed it to 0.001, with which the tutorial's models barely learn in its epochs.\n\n")
                .append("| optimizer | parameters (default) | what it does |\n|---|---|---|\n");
        for (OptimizerKind kind : OptimizerKind.values()) {
            page.append("| `").append(kind.keyword()).append("` | ")
                    .append(kind.defaults().entrySet().stream().map(e -> parameter(kind, e))
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(cell(kind.summary())).append(" |\n");
        }
    }

    private static String parameter(OptimizerKind kind, Map.Entry<String, Double> entry) {
        String value = kind.isFlag(entry.getKey()) ? Boolean.toString(entry.getValue() != 0) : number(entry.getValue());
        return "`" + entry.getKey() + "` (`" + value + "`)";
    }

    private static void activations(StringBuilder page) {
        page.append("\n## Activations\n\n")
                .append("The functions a layer's `activation:` argument names, spelled as in Keras; each is also a"
                        + " layer of its own\n(`relu`, `leaky_relu(alpha: 0.2)`), as the [layer reference](layers.md)"
                        + " shows.\n\n")
                .append("| activation | computes |\n|---|---|\n");
        for (ActivationKind kind : ActivationKind.values()) {
            page.append("| `").append(kind.keyword()).append("` | ").append(cell(kind.summary())).append(" |\n");
        }
    }

    private static void datasets(StringBuilder page) {
        page.append("\n## Datasets\n\n")
                .append("The datasets `data:`, `validation:` and `test:` may name; `NAME.test` is the test split.\n\n")
                .append("| dataset | sample | classes | training samples | test samples | what it is |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Datasets.Info info : Datasets.ALL) {
            page.append("| `").append(info.name()).append("` | ").append(info.sampleShape()).append(" | ")
                    .append(info.classes()).append(": ").append(String.join(", ", info.classNames())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", info.trainCount())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", info.testCount())).append(" | ")
                    .append(cell(info.description())).append(" |\n");
        }
    }

    /** As a model file writes it: `0.0001` and `1`, never `1.0E-4`. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Text that stays in its table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
