package dev.aec.compiler.diag;

/** How bad a diagnostic is: errors stop the pipeline, warnings do not. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
