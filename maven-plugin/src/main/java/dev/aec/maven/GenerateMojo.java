package dev.aec.maven;

import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The `generate` goal: the Java class of each model under `src/main/aemodel`, as `aec gen` writes
 * it, into a generated source root the compile phase picks up (as antlr4-maven-plugin does for
 * grammars). A model with errors fails the build, each error logged at its file, line and column.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    /** The folder of `.aemodel` files; a subfolder `a/b` adds `.a.b` to the package. */
    @Parameter(defaultValue = "${project.basedir}/src/main/aemodel", required = true)
    private File sourceDirectory;

    /** Where the Java sources go; added to the project's compile source roots. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/aemodel", required = true)
    private File outputDirectory;

    /** The Java package of the classes of models directly in `sourceDirectory`. */
    @Parameter(property = "aec.packageName", defaultValue = "aec.generated", required = true)
    private String packageName;

    @Parameter(property = "aec.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("aec: skipped");
            return;
        }
        Log log = getLog();
        SourceGeneration.Outcome outcome;
        try {
            outcome = SourceGeneration.generate(sourceDirectory.toPath(), outputDirectory.toPath(), packageName,
                    new SourceGeneration.Sink() {
                        @Override
                        public void error(String message) {
                            log.error(message);
                        }

                        @Override
                        public void warn(String message) {
                            log.warn(message);
                        }

                        @Override
                        public void info(String message) {
                            log.info(message);
                        }
                    });
        } catch (IOException e) {
            throw new MojoExecutionException("aec: cannot generate sources: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("aec: " + e.getMessage(), e);
        }
        if (!outcome.ok()) {
            throw new MojoFailureException("aec: " + outcome.errors() + (outcome.errors() == 1 ? " error" : " errors")
                    + " in " + outcome.failedFiles() + (outcome.failedFiles() == 1 ? " file" : " files"));
        }
        outcome.written().forEach(f -> log.info("aec: wrote " + f));
        project.addCompileSourceRoot(outputDirectory.getPath());
    }
}
