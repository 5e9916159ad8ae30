package dev.aec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.check.ModelSummary;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Label;
import dev.aec.compiler.ir.TrainingMemory;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.Span;
import java.util.List;

/** `aec check --format json`: the same facts as the tables and diagnostics, for tools and editors. */
final class CheckJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckJson() {
    }

    /** The JSON object of one checked file. */
    record FileReport(ObjectNode node) {
    }

    /** The report of a file, with at most `maxErrors` diagnostics (0: all) and the exact counts. */
    static FileReport report(Compiler.Result result, int maxErrors) {
        ObjectNode file = JSON.objectNode();
        file.put("file", result.main().displayPath());
        file.put("ok", result.ok());
        ArrayNode models = file.putArray("models");
        ArrayNode trains = file.putArray("trains");
        result.program().ifPresent(program -> {
            for (ModelDef def : program.program().models()) {
                if (def.span().file() == result.main()) {
                    models.add(model(program.model(def.name()).orElseThrow(), program));
                }
            }
            for (TrainSpec train : program.trains()) {
                if (train.span().file() == result.main()) {
                    ObjectNode node = train(train);
                    if (result.ok()) {
                        node.set("memory", memory(SummaryTable.memory(train, program)));
                    }
                    trains.add(node);
                }
            }
        });
        file.put("errors", result.diagnostics().errorCount());
        file.put("warnings", result.diagnostics().warningCount());
        ArrayNode diagnostics = file.putArray("diagnostics");
        List<Diagnostic> all = result.diagnostics().sorted();
        int shown = maxErrors == 0 ? all.size() : Math.min(all.size(), maxErrors);
        for (Diagnostic d : all.subList(0, shown)) {
            diagnostics.add(diagnostic(d));
        }
        file.put("diagnosticsNotShown", all.size() - shown);
        return new FileReport(file);
    }

    static String render(List<FileReport> reports) {
        ObjectNode root = JSON.objectNode();
        ArrayNode files = root.putArray("files");
        reports.forEach(r -> files.add(r.node()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree we built cannot fail", e);
        }
    }

    private static ObjectNode model(CheckedModel model, CheckedProgram program) {
        ObjectNode node = JSON.objectNode();
        ModelDef def = model.def();
        node.put("name", def.name());
        node.put("form", def.form().name().toLowerCase(java.util.Locale.ROOT));
        node.put("input", def.input().toString());
        node.put("output", def.output().toString());
        node.put("inferredOutput", model.inferredOutput().toString());
        node.put("params", model.totalParams());
        if (model.nonTrainableParams() > 0) {
            node.put("nonTrainableParams", model.nonTrainableParams());
        }
        node.set("span", span(def.nameSpan()));
        node.set("layers", rows(ModelSummary.rows(model, program)));
        return node;
    }

    private static ArrayNode rows(List<ModelSummary.Row> rows) {
        ArrayNode array = JSON.arrayNode();
        for (ModelSummary.Row row : rows) {
            ObjectNode r = array.addObject();
            r.put("layer", row.layer());
            r.put("output", row.output().toString());
            r.put("params", row.params());
            if (row.isModel()) {
                r.put("model", true);
                r.set("layers", rows(row.children()));
            }
        }
        return array;
    }

    private static ObjectNode train(TrainSpec train) {
        ObjectNode node = JSON.objectNode();
        node.put("model", train.model());
        node.put("data", train.data().toString());
        node.put("loss", train.loss().keyword());
        node.put("reduction", train.reduction().keyword());
        ObjectNode optimizer = node.putObject("optimizer");
        optimizer.put("name", train.optimizer().kind().keyword());
        train.optimizer().params().forEach(optimizer::put);
        node.put("batch", train.batch());
        node.put("epochs", train.epochs());
        node.put("shuffle", train.shuffle());
        if (train.validation().isPresent()) {
            node.put("validation", train.validation().get().toString());
        } else {
            node.putNull("validation");
        }
        if (train.test().isPresent()) {
            node.put("test", train.test().get().toString());
        } else {
            node.putNull("test");
        }
        node.put("seed", train.seed());
        if (train.noise().isPresent()) {
            node.put("noise", train.noise().get().toString());
        } else {
            node.putNull("noise");
        }
        // Present only when set, so the document of a block without them stays as it was.
        train.earlyStop().ifPresent(e -> node.put("early_stop", e.toString()));
        train.schedule().ifPresent(s -> node.put("lr_schedule", s.toString()));
        if (train.retention().kind() != dev.aec.compiler.model.Retention.Kind.LAST) {
            node.put("checkpoint", train.retention().toString());
        }
        return node;
    }

    /** The estimate in bytes, each part and the total with the runtime around the model. */
    private static ObjectNode memory(TrainingMemory memory) {
        ObjectNode node = JSON.objectNode();
        node.put("total", MemoryBudget.total(memory));
        node.put("weights", memory.weights());
        node.put("gradients", memory.gradients());
        node.put("optimizerSlots", memory.optimizerSlots());
        node.put("optimizerState", memory.optimizerState());
        node.put("batch", memory.batch());
        node.put("activations", memory.activations());
        node.put("data", memory.data());
        node.put("runtime", MemoryBudget.runtimeBytes());
        node.put("limit", MemoryLimit.inForce().bytes());
        return node;
    }

    private static ObjectNode diagnostic(Diagnostic d) {
        ObjectNode node = JSON.objectNode();
        node.put("severity", d.severity().word());
        node.put("code", d.code().name());
        node.put("message", d.message());
        node.setAll(span(d.span()));
        node.put("label", d.primary().message());
        ArrayNode secondary = node.putArray("secondary");
        for (Label label : d.secondary()) {
            ObjectNode l = span(label.span());
            l.put("label", label.message());
            secondary.add(l);
        }
        ArrayNode notes = node.putArray("notes");
        d.notes().forEach(notes::add);
        ArrayNode helps = node.putArray("help");
        d.helps().forEach(helps::add);
        return node;
    }

    private static ObjectNode span(Span span) {
        ObjectNode node = JSON.objectNode();
        node.put("file", span.file().displayPath());
        node.put("line", span.line());
        node.put("column", span.column());
        int endOffset = Math.max(span.start(), span.end());
        node.put("endLine", span.file().lineOf(endOffset));
        node.put("endColumn", span.file().columnOf(endOffset));
        return node;
    }
}
