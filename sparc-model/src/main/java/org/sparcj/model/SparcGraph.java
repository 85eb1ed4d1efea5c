package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SPARC TensorFlow graph of one config (docs/METHOD.md, Model, Loss and Training), built in named
 * steps: parameters, optimiser state, encoder, TopK selection, decoder, loss, the training step (NaN
 * guard, decoder constraint, Adam), inference decode, dead-latent re-initialisation.
 */
final class SparcGraph implements AutoCloseable {
    final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    final Session session;
    /** Which step of the method built each op (for `bench --profile`; off otherwise: marking costs a walk of the graph per step). */
    final GraphStages stages;

    /** Inputs, already unit-norm scaled by the caller. */
    final List<Placeholder<TFloat32>> x = new ArrayList<>();
    final GraphVariables variables = new GraphVariables(tf);
    final SparcParameters parameters = new SparcParameters(variables);
    final DeadLatents deadLatents;
    final Adam adam;
    final TopKSelection selection;
    final KeptLatents kept;
    /** Null in a graph for inference, which has no loss, training step or re-initialisation. */
    final SparcLoss loss;
    /** The step when some stream has a dead-latent candidate, and the cheaper exact one when none has (or null). */
    final TrainingStep withDead;
    final TrainingStep noDead;

    /** Inference decode from given codes, per target stream. */
    final Placeholder<TInt32> codeIndices;
    final Placeholder<TFloat32> codeValues;
    final List<Operand<TFloat32>> decoded = new ArrayList<>();

    /**
     * @param forInference a model that only runs forward: no loss, training step or re-initialisation ops (the
     *                     gradient graph is most of the graph, and its runtime memory); its session keeps
     *                     TensorFlow's classic constant folding off, which would copy a mapped parameter of up
     *                     to 10 MB into the graph ({@link MappedWeights}); common subexpression elimination
     *                     and Grappler stay on
     */
    SparcGraph(SparcConfig cfg, boolean markStages, boolean forInference) {
        stages = new GraphStages(graph, markStages);
        boolean sparse = cfg.decode() == DecodeMode.SPARSE;
        if (sparse) {
            KeptLogitsGradient.ensureRegistered();
            SparseDecodeGradient.ensureRegistered();
        }
        // The steps create their ops in this order, which fixes node names and the checkpoint order of
        // the variables: per stream, input, parameters and dead-latent candidates, then Adam's moments.
        deadLatents = new DeadLatents(tf, cfg.latentSize(), cfg.fireThreshold());
        for (int s = 0; s < cfg.streamCount(); s++) {
            x.add(tf.withName("x_" + s).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, cfg.dim(s)))));
            parameters.addStream(s, cfg.dim(s), cfg.latentSize());
            deadLatents.addCandidates(s);
        }
        adam = new Adam(tf, variables, parameters);

        stages.begin("encoder");
        Encoder encoder = new Encoder(tf, x, parameters, cfg.latentSize(), sparse);
        selection = TopKSelection.of(cfg.topK());
        stages.begin("selection");
        kept = new KeptLatents(tf, encoder, selection, cfg.streamCount(), cfg.k(), sparse);
        Decoder decoder = new Decoder(tf, parameters, cfg, sparse);
        if (forInference) {
            loss = null;
            withDead = noDead = null;
        } else {
            stages.begin("decode");
            List<List<Operand<TFloat32>>> recon = decoder.reconstructions(kept, encoder, selection);
            stages.begin("loss");
            loss = new SparcLoss(tf, cfg, x, recon, parameters, encoder, kept, decoder, selection, deadLatents, sparse);
            withDead = TrainingStep.build(tf, "with_dead", loss, loss.auxWithDead, parameters, adam, stages);
            noDead = TrainingStep.build(tf, "no_dead", loss, loss.auxNoDead, parameters, adam, stages);
        }

        stages.begin("inference and re-initialisation");
        codeIndices = tf.withName("code_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        codeValues = tf.withName("code_values").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
        for (int t = 0; t < cfg.streamCount(); t++) decoded.add(decoder.decodeCodes(codeIndices, codeValues, t));
        if (!forInference) deadLatents.addReinitialisation(parameters, cfg);
        stages.begin("setup");
        session = forInference ? new Session(graph, INFERENCE_SESSION) : new Session(graph);
    }

    private static final ConfigProto INFERENCE_SESSION = ConfigProto.newBuilder()
            .setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(OptimizerOptions.newBuilder()
                    .setOptLevel(OptimizerOptions.Level.L0).setDoCommonSubexpressionElimination(true).setDoConstantFolding(false)))
            .build();

    @Override
    public void close() {
        session.close();
        SparseDecodeGradient.forget(graph);
        KeptLogitsGradient.forget(graph);
        graph.close();
    }
}
