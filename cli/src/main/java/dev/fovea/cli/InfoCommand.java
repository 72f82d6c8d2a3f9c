package dev.fovea.cli;

import dev.fovea.kernel.Kernels;
import dev.fovea.kernel.Parallel;
import picocli.CommandLine.Command;

/** Prints what this JVM will compute with: kernels, threads, Java version. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the active kernels, thread count and Java runtime.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("kernels: " + Kernels.get().name());
        System.out.println("threads: " + Parallel.threads());
        System.out.println("java:    " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("max heap: " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    }
}
