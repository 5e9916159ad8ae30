package dev.aec.compiler.diag;

/**
 * The catalogue of diagnostic codes. Each is documented with a minimal failing example in
 * docs/errors.md; the hundreds say which stage finds it.
 */
public enum Code {
    // E00xx: reading and parsing
    E0001("syntax error"),
    E0002("unexpected character"),
    E0003("number out of range"),
    E0004("unterminated string or comment"),
    E0005("cannot read file"),
    E0006("not UTF-8 text"),
    E0007("nesting too deep"),
    E0008("file too large"),

    // E01xx: names
    E0101("unknown layer or model"),
    E0102("duplicate model name"),
    E0103("unknown value"),
    E0104("value named like a model or layer"),
    E0105("model composition cycle"),
    E0106("unknown argument"),
    E0107("import not found"),
    E0108("missing return"),
    E0109("unknown model in train block"),
    E0110("duplicate train block"),
    E0111("input name shadows a model or layer"),
    E0112("models nested too deep"),
    E0113("model too large"),

    // E02xx: arguments
    E0201("wrong argument type"),
    E0202("missing required argument"),
    E0203("duplicate argument"),
    E0204("too many positional arguments"),
    E0205("value out of range"),
    E0206("positional argument after keyword argument"),
    E0207("layer used without its input"),
    E0208("misplaced argument list"),
    E0209("malformed column list"),
    E0210("option that does not apply"),
    E0211("merge of fewer than two values"),
    E0212("merge in a sequential model"),

    // E03xx: shapes
    E0301("model applied to the wrong shape"),
    E0302("declared output differs from inferred"),
    E0303("kernel larger than its input"),
    E0304("layer needs a different rank"),
    E0305("reshape changes the number of elements"),
    E0306("data does not fit the model input"),
    E0307("reconstruction does not round-trip"),
    E0308("invalid declared shape"),
    E0309("shape too large"),
    E0310("more than one gaussian layer"),
    E0311("classifier output does not match the classes"),
    E0312("merged values of different shapes"),

    // E04xx: train blocks
    E0401("unknown dataset or data source"),
    E0402("unknown train setting"),
    E0403("missing train setting"),
    E0404("unknown loss or optimizer"),
    E0405("duplicate train setting"),
    E0406("unknown noise kind"),
    E0407("held-out split as training data"),
    E0408("data source cannot be read"),
    E0409("validation or test data unlike the training data"),
    E0410("classifier trained on unlabelled data"),
    E0411("unknown schedule, early stopping or checkpoint rule"),

    // W05xx: warnings
    W0501("binary cross-entropy on an output that is not a sigmoid"),
    W0502("unused value"),
    W0503("gaussian layer trained with a per-element mean loss"),
    W0504("categorical cross-entropy on an output that is not a softmax");

    /** The stage of the compiler that finds a code, named by the first three characters of every code it finds. */
    public enum Stage {
        READING("E00", "reading and parsing"),
        NAMES("E01", "names"),
        ARGUMENTS("E02", "arguments"),
        SHAPES("E03", "shapes"),
        TRAIN_BLOCKS("E04", "train blocks"),
        WARNINGS("W05", "warnings");

        private final String prefix;
        private final String title;

        Stage(String prefix, String title) {
            this.prefix = prefix;
            this.title = title;
        }

        /** `E03xx`, as the catalogue writes a stage's codes. */
        public String codes() {
            return prefix + "xx";
        }

        public String title() {
            return title;
        }
    }

    private final String title;

    Code(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public Stage stage() {
        for (Stage stage : Stage.values()) {
            if (name().startsWith(stage.prefix)) {
                return stage;
            }
        }
        // A code outside every stage is a mistake in this file, caught by CatalogueTest.
        throw new IllegalStateException(name() + " belongs to no stage");
    }

    public Severity severity() {
        return name().startsWith("W") ? Severity.WARNING : Severity.ERROR;
    }
}
