package dev.fovea.cli.bench;

import java.util.List;

/** A named group of cases from one area (sgemm, conv2d, training, zoo); listed in {@link BenchRegistry}. */
public interface BenchSuite {

    /** Short name, also the first segment of every case name. */
    String name();

    /** The cases, cheap to build: heavy allocation belongs in {@link BenchCase#setup()}. */
    List<BenchCase> cases();
}
