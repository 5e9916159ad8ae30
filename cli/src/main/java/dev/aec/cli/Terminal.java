package dev.aec.cli;

/** What the terminal supports: colour only on a console and never when NO_COLOR is set. */
final class Terminal {
    private Terminal() {
    }

    static boolean color() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty())
                && !"dumb".equals(System.getenv("TERM"));
    }

    static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
