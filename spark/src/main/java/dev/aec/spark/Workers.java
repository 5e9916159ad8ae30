package dev.aec.spark;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The models built in this executor's JVM, kept between rounds: building one (compiling, lowering,
 * preparing aec's executor) takes far longer than a round's few steps, so a task borrows a built
 * model, loads the round's snapshot into it, and gives it back. Tasks running at once in one JVM
 * each get their own.
 */
final class Workers {
    private static final Map<ModelRecipe, Queue<ModelRecipe.Built>> IDLE = new ConcurrentHashMap<>();

    private Workers() {
    }

    static ModelRecipe.Built borrow(ModelRecipe recipe) {
        ModelRecipe.Built idle = IDLE.computeIfAbsent(recipe, r -> new ConcurrentLinkedQueue<>()).poll();
        return idle != null ? idle : recipe.build();
    }

    static void giveBack(ModelRecipe recipe, ModelRecipe.Built built) {
        IDLE.computeIfAbsent(recipe, r -> new ConcurrentLinkedQueue<>()).add(built);
    }

    /** Forgets the models of `recipe`, when its run ends. */
    static void forget(ModelRecipe recipe) {
        IDLE.remove(recipe);
    }
}
