package dev.fovea.cli.conformance;

import dev.fovea.autograd.F;
import dev.fovea.autograd.Reduction;
import dev.fovea.nn.BatchNorm2d;
import dev.fovea.nn.BatchNormSpec;
import dev.fovea.nn.Conv2d;
import dev.fovea.nn.ConvSpec;
import dev.fovea.nn.Flatten;
import dev.fovea.nn.Linear;
import dev.fovea.nn.MaxPool2d;
import dev.fovea.nn.Module;
import dev.fovea.nn.ReLU;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FORMAT.md 5.8: the model-level cases, built from the layer modules users build models from. The case's
 * parameters and running statistics are loaded with {@code loadStateDict}, and the gradients compared are those
 * of the modules' parameters.
 */
final class ModelOps {
    private ModelOps() {}

    static void register(Map<String, OpRunner> ops) {
        ops.put("lenet5", ModelOps::lenet5);
        ops.put("resnet_basic_block", ModelOps::basicBlock);
    }

    private static Map<String, Tensor> lenet5(CaseContext c) {
        Sequential model = new Sequential()
                .add("conv1", new Conv2d(ConvSpec.of(2, 1, 6, 5).withPadding(2)))
                .add("relu1", new ReLU())
                .add("pool1", new MaxPool2d(2))
                .add("conv2", new Conv2d(ConvSpec.of(2, 6, 16, 5)))
                .add("relu2", new ReLU())
                .add("pool2", new MaxPool2d(2))
                .add("flatten", new Flatten())
                .add("fc1", new Linear(400, 120))
                .add("relu3", new ReLU())
                .add("fc2", new Linear(120, 84))
                .add("relu4", new ReLU())
                .add("fc3", new Linear(84, 10));
        load(model, c);
        Tensor logits = model.forward(c.tensor("x"));
        Tensor loss = F.crossEntropy(logits, c.labels("target"), Reduction.MEAN, 0f);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("y", loss);
        out.put("logits", logits);
        return out;
    }

    /** conv-bn-relu-conv-bn, plus the identity shortcut, then relu; C from the input. */
    static final class BasicBlock extends Module {
        final Conv2d conv1;
        final BatchNorm2d bn1;
        final Conv2d conv2;
        final BatchNorm2d bn2;

        BasicBlock(int channels, double momentum, double eps) {
            ConvSpec conv = ConvSpec.of(2, channels, channels, 3).withPadding(1).withBias(false);
            BatchNormSpec bn = BatchNormSpec.of(channels).withMomentum(momentum).withEps(eps);
            conv1 = registerModule("conv1", new Conv2d(conv));
            bn1 = registerModule("bn1", new BatchNorm2d(bn));
            conv2 = registerModule("conv2", new Conv2d(conv));
            bn2 = registerModule("bn2", new BatchNorm2d(bn));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = F.relu(bn1.forward(conv1.forward(x)));
            h = bn2.forward(conv2.forward(h));
            return F.relu(F.add(h, x));
        }
    }

    private static Map<String, Tensor> basicBlock(CaseContext c) {
        Tensor x = c.tensor("x");
        if (x.dim() != 4) {
            throw new CaseFormatException("resnet_basic_block: x must be [N, C, H, W], got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        BasicBlock block = new BasicBlock(x.size(1), c.number("momentum"), c.number("eps"));
        block.train();
        load(block, c);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("y", block.forward(x));
        out.putAll(block.namedBuffers());
        return out;
    }

    /**
     * Loads every parameter and buffer the case provides into {@code model} (copies: the case's tensors stay as
     * given) and binds each parameter's gradient to the case input of the same name. A model parameter missing from
     * the case is an error; buffers the case does not mention (batch counters) keep their initial values.
     */
    private static void load(Module model, CaseContext c) {
        Map<String, Tensor> params = model.namedParameters();
        Map<String, Tensor> state = model.stateDict();
        for (String key : state.keySet()) {
            if (c.has(key)) {
                state.put(key, c.tensor(key));
            } else if (params.containsKey(key)) {
                throw new CaseFormatException(c.op() + ": the case has no input \"" + key + "\" for parameter "
                        + key + " of the model");
            }
        }
        model.loadStateDict(state);
        for (var p : params.entrySet()) {
            c.bindGradient(p.getKey(), p.getValue());
        }
    }
}
