package dev.fovea.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of gradient-check cases: one file of cases per concept. A new op adds its cases to the file of
 * its concept (or a new file listed here); {@link GradCheckTest} fails for any op class without a case.
 */
final class GradCases {
    private GradCases() {}

    static List<GradCase> all() {
        List<GradCase> all = new ArrayList<>();
        all.addAll(MathGradCases.cases());
        all.addAll(ShapeGradCases.cases());
        all.addAll(ActivationGradCases.cases());
        all.addAll(LossGradCases.cases());
        all.addAll(ViewInputGradCases.cases());
        all.addAll(LayerGradCases.cases());
        return all;
    }
}
