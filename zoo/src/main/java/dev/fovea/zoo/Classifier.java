package dev.fovea.zoo;

import dev.fovea.autograd.F;
import dev.fovea.nn.Module;
import dev.fovea.nn.Sequential;
import dev.fovea.tensor.Tensor;
import dev.fovea.zoo.summary.Traceable;
import dev.fovea.zoo.summary.Tracer;

/**
 * torchvision's plain-network layout: {@code features}, an optional {@code avgpool}, a flatten, and the
 * {@code classifier} (AlexNet, VGG, LeNet, ZFNet). It is a {@link Sequential} so that code walking children in
 * order sees the layers in forward order; the flatten between them has no module, as in torchvision.
 */
public final class Classifier extends Sequential implements Traceable {
    private final String name;
    private final Module features;
    private final Module avgpool;
    private final Module classifier;

    Classifier(String name, Module features, Module avgpool, Module classifier) {
        this.name = name;
        this.features = features;
        this.avgpool = avgpool;
        this.classifier = classifier;
        add("features", features);
        if (avgpool != null) {
            add("avgpool", avgpool);
        }
        add("classifier", classifier);
    }

    @Override
    public String typeName() {
        return name;
    }

    public Module features() {
        return features;
    }

    public Module classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = features.forward(x);
        if (avgpool != null) {
            y = avgpool.forward(y);
        }
        return classifier.forward(F.flatten(y, 1));
    }

    @Override
    public int[] trace(int[] x, Tracer t) {
        int[] y = t.apply(features, x);
        if (avgpool != null) {
            y = t.apply(avgpool, y);
        }
        int flat = 1;
        for (int i = 1; i < y.length; i++) {
            flat *= y[i];
        }
        return t.apply(classifier, new int[] {y[0], flat});
    }
}
