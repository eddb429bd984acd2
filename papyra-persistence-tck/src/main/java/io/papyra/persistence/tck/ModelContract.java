package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kit's model-based test: seeded random sequences of operations (appends of every record shape,
 * reads, clock moves, maintenance, resets, close), each run on one of a few worker threads in turn,
 * compared after every step with a plain reference model; a failure prints its seed and the
 * shortest failing sequence found. See {@link PersistenceBackendTck#SEED_SETTING} and
 * {@link PersistenceBackendTck#SEQUENCES_SETTING}.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface ModelContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>model: seeded random sequences of appends, reads, clock moves, maintenance, resets and close agree with a reference model</em>.
     */
    @Test
    @DisplayName("model: seeded random sequences of appends, reads, clock moves, maintenance, resets and close agree "
            + "with a reference model")
    default void randomSequencesAgreeWithModel() {
        Fixture kit = kit();
        Set<Capability> capabilities = kit.capabilities();
        Optional<Long> replay = ModelRun.replaySeed(kit::setting);
        try (ModelRun.Workers workers = new ModelRun.Workers()) {
            if (replay.isPresent()) {
                long seed = replay.get();
                runSequence(ModelRun.generate(seed, ModelRun.shortLength(seed), capabilities), workers,
                        "the replayed seed, short");
                runSequence(ModelRun.generate(seed, ModelRun.LONG_LENGTH, capabilities), workers,
                        "the replayed seed, long");
                return;
            }
            int sequences = ModelRun.sequences(kit::setting);
            SplittableRandom seeds = new SplittableRandom();
            for (int i = 0; i < sequences; i++) {
                long seed = seeds.nextLong();
                runSequence(ModelRun.generate(seed, ModelRun.shortLength(seed), capabilities), workers,
                        "short sequence " + (i + 1) + " of " + sequences);
            }
            for (int i = 0; i < ModelRun.LONG_SEQUENCES; i++) {
                long seed = seeds.nextLong();
                runSequence(ModelRun.generate(seed, ModelRun.LONG_LENGTH, capabilities), workers,
                        "long sequence " + (i + 1) + " of " + ModelRun.LONG_SEQUENCES);
            }
        }
    }

    /** Runs one random sequence; on a failure, shrinks it and fails with the seed and the shortest sequence. */
    private void runSequence(ModelRun.Scenario scenario, ModelRun.Workers workers, String which) {
        Fixture kit = kit();
        ModelRun.Factory factory = kit::createUnadopted;
        ModelRun.Failure failure = ModelRun.replay(scenario, factory, workers);
        if (failure == null) {
            return;
        }
        ModelRun.Shrunk shrunk = ModelRun.shrink(scenario, failure, factory, workers, ModelRun.SHRINK_MAX_REPLAYS,
                System.nanoTime() + ModelRun.SHRINK_BUDGET.toNanos());
        ModelRun.Failure shown = shrunk.failure();
        ModelRun.Scenario shortest = shrunk.scenario();
        List<Op> ops = shortest.ops();
        StringBuilder message = new StringBuilder(kit.clause(shown.clause()));
        message.append("\n  seed ").append(scenario.seed()).append(" (").append(which).append("); replay it alone with -D")
                .append(PersistenceBackendTck.SEED_SETTING).append('=').append(scenario.seed())
                .append("\n  retention ").append(scenario.policy()).append(", clock starting at ").append(Op.ORIGIN)
                .append(", capabilities ").append(kit.capabilities());
        if (shrunk.reproduced()) {
            message.append("\n  shortest failing sequence found: ").append(ops.size()).append(" of ")
                    .append(scenario.ops().size()).append(" operations (").append(shrunk.replays()).append(" replays):");
        } else {
            message.append("\n  the failure did not recur on a fresh backend (is the backend deterministic?); the "
                    + "whole sequence:");
        }
        for (int i = 0; i < ops.size(); i++) {
            message.append('\n').append(String.format("    %3d. %s", i + 1, shortest.describe(i)));
        }
        String where = shown.index() < 0 ? "when the backend was created"
                : shown.index() >= ops.size() ? "after the last operation" : "at step " + (shown.index() + 1);
        message.append("\n  failed ").append(where).append(": ").append(shown.detail());
        fail(message.toString(), shown.cause());
    }
}
