package org.sparcj.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.model.StepTiming;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Training-step benchmark at paper scale (sparc-model's StepTiming); options pass through. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time SPARC training steps at paper scale on random data.",
                "Defaults: M=3, dims 768/1024/768, L=8192, k=64, batch 256. Times GLOBAL/LOCAL x SPARSE/DENSE",
                "against the bare matmul and prints samples/s, the step/matmul ratio and peak memory.",
                "Options are StepTiming's:",
                "  [--steps N] [--warmup N] [--latents L] [--k K] [--batch B] [--dims a,b,c]",
                "  [--only GLOBAL-SPARSE,...] [--profile]"})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        StepTiming.main(args.toArray(new String[0]));
        return SparcCli.OK;
    }
}
